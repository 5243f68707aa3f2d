// The contract interfaces the executor calls, in viem's human-readable form: ERC-20 (EIP-20), the
// swap of Uniswap V2's UniswapV2Router02 (@uniswap/v2-periphery), and the Across-style spoke the
// bridges are reached through (deposit / fill / refund, as AccordSpoke implements them). Kept here so
// the executor depends on interfaces, not on the devnet that deploys one implementation of them.
import { parseAbi } from 'viem'

export const erc20Abi = parseAbi([
  'function balanceOf(address owner) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
])

export const swapRouterAbi = parseAbi([
  'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
])

export const spokeAbi = parseAbi([
  'struct Deposit { address depositor; address inputToken; uint256 inputAmount; uint256 destinationChainId; address outputToken; uint256 outputAmount; address recipient; uint32 fillDeadline; uint8 status; }',
  'function deposit(address inputToken, uint256 inputAmount, uint256 destinationChainId, address outputToken, uint256 outputAmount, address recipient, uint32 fillDeadline) returns (uint256 depositId)',
  'function getDeposit(uint256 depositId) view returns (Deposit)',
  'function isFilled(uint256 originChainId, uint256 depositId) view returns (bool)',
  'event Deposited(uint256 indexed depositId, address indexed depositor, uint256 indexed destinationChainId, address inputToken, uint256 inputAmount, address outputToken, uint256 outputAmount, address recipient, uint32 fillDeadline)',
  'event Filled(uint256 indexed originChainId, uint256 indexed depositId, address indexed relayer, address outputToken, uint256 outputAmount, address recipient)',
  'event Refunded(uint256 indexed depositId, address indexed depositor, address inputToken, uint256 inputAmount)',
])

/** The spoke's `DepositStatus` as `getDeposit(...).status` returns it. */
export const SPOKE_DEPOSIT_STATUS = { none: 0, open: 1, repaid: 2, refunded: 3 } as const
