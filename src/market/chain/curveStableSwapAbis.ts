// Typed ABI (viem human-readable form) of the view functions the market reader calls on a Curve StableSwap pool.
// curvefi/stableswap-ng contracts/main/CurveStableSwapNG.vy: coins(uint256), balances(uint256), A(), A_precise(),
// fee(), stored_rates() (DynArray[uint256, MAX_COINS]), N_COINS(). The older curvefi/curve-contract pools
// (contracts/pools/3pool/StableSwap3Pool.vy) have coins(uint256), balances(uint256), A() and fee() only; the first
// pools (compound, y, busd, susd) index coins and balances with int128 and are not read.
import { parseAbi } from 'viem'

export const curveStableSwapAbi = parseAbi([
  'function coins(uint256 i) view returns (address)',
  'function balances(uint256 i) view returns (uint256)',
  'function A() view returns (uint256)',
  'function A_precise() view returns (uint256)',
  'function fee() view returns (uint256)',
  'function stored_rates() view returns (uint256[])',
  'function N_COINS() view returns (uint256)',
])
