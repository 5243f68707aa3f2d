// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IERC20Minimal {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @title AccordSpoke
/// @notice The devnet's intent bridge, one contract per chain, modelled on Across's SpokePool
///         (https://github.com/across-protocol/contracts/blob/master/contracts/SpokePool.sol,
///         depositV3 / fillV3Relay): a user escrows tokens on the origin naming the output amount
///         and a fill deadline; a relayer pays the recipient on the destination from its own
///         inventory; a deposit nobody filled before the deadline is refunded on the origin.
/// @dev    Trust model, devnet only. In Across, the origin learns about fills through a cross-chain
///         message (root bundles validated by UMA's optimistic oracle) before it repays relayers or
///         refunds depositors. Here no message crosses chains: the single relayer named at
///         construction is trusted to fill only real deposits, to call `repay` only for deposits it
///         filled and `refund` only for deposits it did not fill. The contracts enforce what each
///         chain can see on its own: no double fill, no fill after the deadline on the destination,
///         no refund before the deadline and no second settlement on the origin.
contract AccordSpoke {
    enum DepositStatus {
        None,
        Open, // escrowed, not yet settled
        Repaid, // filled on the destination; escrow paid to the relayer
        Refunded // not filled before the deadline; escrow returned to the depositor
    }

    struct Deposit {
        address depositor;
        address inputToken;
        uint256 inputAmount;
        uint256 destinationChainId;
        address outputToken;
        uint256 outputAmount;
        address recipient;
        uint32 fillDeadline;
        DepositStatus status;
    }

    address public immutable relayer;
    /// Deposits made so far (a counter; ids are hashes, see `deposit`).
    uint256 public depositCount;
    mapping(uint256 => Deposit) private _deposits;
    /// keccak256(abi.encode(originChainId, depositId)) => filled on this (destination) chain
    mapping(bytes32 => bool) private _filled;

    event Deposited(
        uint256 indexed depositId,
        address indexed depositor,
        uint256 indexed destinationChainId,
        address inputToken,
        uint256 inputAmount,
        address outputToken,
        uint256 outputAmount,
        address recipient,
        uint32 fillDeadline
    );
    event Filled(
        uint256 indexed originChainId,
        uint256 indexed depositId,
        address indexed relayer,
        address outputToken,
        uint256 outputAmount,
        address recipient
    );
    event Repaid(uint256 indexed depositId, address indexed relayer, address inputToken, uint256 inputAmount);
    event Refunded(uint256 indexed depositId, address indexed depositor, address inputToken, uint256 inputAmount);

    modifier onlyRelayer() {
        require(msg.sender == relayer, "AccordSpoke: not relayer");
        _;
    }

    constructor(address relayer_) {
        relayer = relayer_;
    }

    /// @notice Escrows `inputAmount` of `inputToken` (the caller must have approved this contract)
    ///         and asks for `outputAmount` of `outputToken` to reach `recipient` on
    ///         `destinationChainId` no later than `fillDeadline` (unix seconds, destination time).
    function deposit(
        address inputToken,
        uint256 inputAmount,
        uint256 destinationChainId,
        address outputToken,
        uint256 outputAmount,
        address recipient,
        uint32 fillDeadline
    ) external returns (uint256 depositId) {
        require(inputAmount > 0, "AccordSpoke: zero amount");
        require(destinationChainId != block.chainid, "AccordSpoke: same chain");
        require(fillDeadline > block.timestamp, "AccordSpoke: deadline passed");
        require(recipient != address(0), "AccordSpoke: zero recipient");
        require(IERC20Minimal(inputToken).transferFrom(msg.sender, address(this), inputAmount), "AccordSpoke: transferFrom");
        // The id commits to the deposit's contents, not only to a counter: a deposit dropped by a reorg
        // and a different one mined in its place at the same count get different ids, so a relayer
        // that filled the first can never be repaid (or refunded) from the second. Across derives
        // unsafe deposit ids from (msg.sender, depositor, nonce) for the same reason
        // (SpokePool.sol, unsafeDeposit / getUnsafeDepositId).
        depositId = uint256(
            keccak256(
                abi.encode(
                    block.chainid, msg.sender, depositCount++, inputToken, inputAmount, destinationChainId, outputToken, outputAmount, recipient, fillDeadline
                )
            )
        );
        require(_deposits[depositId].status == DepositStatus.None, "AccordSpoke: deposit id taken");
        _deposits[depositId] = Deposit(
            msg.sender, inputToken, inputAmount, destinationChainId, outputToken, outputAmount, recipient, fillDeadline, DepositStatus.Open
        );
        emit Deposited(
            depositId, msg.sender, destinationChainId, inputToken, inputAmount, outputToken, outputAmount, recipient, fillDeadline
        );
    }

    /// @notice Destination side: pays `outputAmount` of `outputToken` from the relayer's inventory
    ///         (the relayer approves this contract) to `recipient`. At most once per deposit, and not
    ///         after the deposit's `fillDeadline`, so a deposit is either filled or refundable, never both.
    function fill(
        uint256 originChainId,
        uint256 depositId,
        address outputToken,
        uint256 outputAmount,
        address recipient,
        uint32 fillDeadline
    ) external onlyRelayer {
        require(block.timestamp <= fillDeadline, "AccordSpoke: fill deadline passed");
        bytes32 key = keccak256(abi.encode(originChainId, depositId));
        require(!_filled[key], "AccordSpoke: already filled");
        _filled[key] = true;
        require(IERC20Minimal(outputToken).transferFrom(msg.sender, recipient, outputAmount), "AccordSpoke: transferFrom");
        emit Filled(originChainId, depositId, msg.sender, outputToken, outputAmount, recipient);
    }

    /// @notice Origin side, after the relayer filled the deposit: releases the escrow to the relayer.
    function repay(uint256 depositId) external onlyRelayer {
        Deposit storage d = _deposits[depositId];
        require(d.status == DepositStatus.Open, "AccordSpoke: not open");
        d.status = DepositStatus.Repaid;
        require(IERC20Minimal(d.inputToken).transfer(relayer, d.inputAmount), "AccordSpoke: transfer");
        emit Repaid(depositId, relayer, d.inputToken, d.inputAmount);
    }

    /// @notice Origin side, once the fill deadline has passed without a fill: returns the escrow.
    function refund(uint256 depositId) external onlyRelayer {
        Deposit storage d = _deposits[depositId];
        require(d.status == DepositStatus.Open, "AccordSpoke: not open");
        require(block.timestamp > d.fillDeadline, "AccordSpoke: before deadline");
        d.status = DepositStatus.Refunded;
        require(IERC20Minimal(d.inputToken).transfer(d.depositor, d.inputAmount), "AccordSpoke: transfer");
        emit Refunded(depositId, d.depositor, d.inputToken, d.inputAmount);
    }

    function getDeposit(uint256 depositId) external view returns (Deposit memory) {
        return _deposits[depositId];
    }

    function isFilled(uint256 originChainId, uint256 depositId) external view returns (bool) {
        return _filled[keccak256(abi.encode(originChainId, depositId))];
    }
}
