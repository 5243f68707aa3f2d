// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title CurveStableSwapStandIn
/// @notice A test stand-in for a Curve StableSwap pool, NOT a Curve pool: it answers the view functions the
/// market reader calls, with the signatures of curvefi/stableswap-ng CurveStableSwapNG.vy (coins(uint256),
/// balances(uint256), A(), A_precise(), fee(), stored_rates(), N_COINS()), over state the test sets, and has none
/// of the pool's math. With `legacy` it lacks N_COINS, A_precise and stored_rates, as StableSwap3Pool.vy does.
/// (The devnet cannot deploy the Vyper pools: no Vyper compiler is available to it.)
contract CurveStableSwapStandIn {
    /// CurveStableSwapNG.vy A_PRECISION.
    uint256 private constant A_PRECISION = 100;

    address[] private coinList;
    uint256[] private balanceList;
    uint256[] private rateList;
    uint256 private aPrecise;
    uint256 public fee;
    bool public immutable legacy;

    constructor(address[] memory coins_, uint256[] memory balances_, uint256 aPrecise_, uint256 fee_, uint256[] memory rates_, bool legacy_) {
        coinList = coins_;
        balanceList = balances_;
        aPrecise = aPrecise_;
        fee = fee_;
        rateList = rates_;
        legacy = legacy_;
    }

    /// Changes the state without an event, as an amplification ramp or a rate oracle does.
    function setState(uint256[] calldata balances_, uint256 aPrecise_, uint256[] calldata rates_) external {
        balanceList = balances_;
        aPrecise = aPrecise_;
        rateList = rates_;
    }

    /// Reverts past the last coin, as the pools' public arrays do.
    function coins(uint256 i) external view returns (address) {
        return coinList[i];
    }

    function balances(uint256 i) external view returns (uint256) {
        return balanceList[i];
    }

    /// CurveStableSwapNG.vy A(): A_precise / A_PRECISION, rounded down.
    function A() external view returns (uint256) {
        return aPrecise / A_PRECISION;
    }

    function A_precise() external view returns (uint256) {
        require(!legacy, "no A_precise");
        return aPrecise;
    }

    function stored_rates() external view returns (uint256[] memory) {
        require(!legacy, "no stored_rates");
        return rateList;
    }

    function N_COINS() external view returns (uint256) {
        require(!legacy, "no N_COINS");
        return coinList.length;
    }
}
