// Typed ABIs (viem human-readable form) of the contracts the devnet deploys and the executor calls.
// The bytecode comes from the compiled artifacts; test/src/devnet/abis.test.ts checks these
// signatures against the artifacts' ABIs so the two cannot drift apart.
import { parseAbi } from 'viem'

/** src/devnet/contracts/AccordSpoke.sol */
export const accordSpokeAbi = parseAbi([
  'constructor(address relayer_)',
  'struct Deposit { address depositor; address inputToken; uint256 inputAmount; uint256 destinationChainId; address outputToken; uint256 outputAmount; address recipient; uint32 fillDeadline; uint8 status; }',
  'function relayer() view returns (address)',
  'function depositCount() view returns (uint256)',
  'function deposit(address inputToken, uint256 inputAmount, uint256 destinationChainId, address outputToken, uint256 outputAmount, address recipient, uint32 fillDeadline) returns (uint256 depositId)',
  'function fill(uint256 originChainId, uint256 depositId, address outputToken, uint256 outputAmount, address recipient, uint32 fillDeadline)',
  'function repay(uint256 depositId)',
  'function refund(uint256 depositId)',
  'function getDeposit(uint256 depositId) view returns (Deposit)',
  'function isFilled(uint256 originChainId, uint256 depositId) view returns (bool)',
  'event Deposited(uint256 indexed depositId, address indexed depositor, uint256 indexed destinationChainId, address inputToken, uint256 inputAmount, address outputToken, uint256 outputAmount, address recipient, uint32 fillDeadline)',
  'event Filled(uint256 indexed originChainId, uint256 indexed depositId, address indexed relayer, address outputToken, uint256 outputAmount, address recipient)',
  'event Repaid(uint256 indexed depositId, address indexed relayer, address inputToken, uint256 inputAmount)',
  'event Refunded(uint256 indexed depositId, address indexed depositor, address inputToken, uint256 inputAmount)',
])

/** `AccordSpoke.DepositStatus` as returned in `getDeposit(...).status`. */
export const DEPOSIT_STATUS = { none: 0, open: 1, repaid: 2, refunded: 3 } as const

/** src/devnet/contracts/DevnetToken.sol (ERC-20 plus `mint`). */
export const devnetTokenAbi = parseAbi([
  'constructor(string name_, string symbol_, uint8 decimals_)',
  'function name() view returns (string)',
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
  'function minter() view returns (address)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address owner) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function transferFrom(address from, address to, uint256 amount) returns (bool)',
  'function mint(address to, uint256 amount)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
  'event Approval(address indexed owner, address indexed spender, uint256 value)',
])

/** The parts of @uniswap/v2-core's UniswapV2Factory we call. */
export const uniswapV2FactoryAbi = parseAbi([
  'constructor(address _feeToSetter)',
  'function createPair(address tokenA, address tokenB) returns (address pair)',
  'function getPair(address tokenA, address tokenB) view returns (address pair)',
  'function allPairsLength() view returns (uint256)',
])

/** The parts of @uniswap/v2-core's UniswapV2Pair we call. */
export const uniswapV2PairAbi = parseAbi([
  'function token0() view returns (address)',
  'function token1() view returns (address)',
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'function mint(address to) returns (uint256 liquidity)',
  'function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)',
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
  'event Sync(uint112 reserve0, uint112 reserve1)',
])

/** The parts of @uniswap/v2-periphery's UniswapV2Router02 we call. */
export const uniswapV2RouterAbi = parseAbi([
  'constructor(address _factory, address _WETH)',
  'function factory() view returns (address)',
  'function getAmountsOut(uint256 amountIn, address[] path) view returns (uint256[] amounts)',
  'function getAmountsIn(uint256 amountOut, address[] path) view returns (uint256[] amounts)',
  'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function swapTokensForExactTokens(uint256 amountOut, uint256 amountInMax, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
])
