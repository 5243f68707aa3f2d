// ERC-4626 share math as OpenZeppelin's ERC4626 computes it, with the virtual shares and assets that
// make the first deposit safe: shares = assets·(supply + 10^offset) / (totalAssets + 1), rounded down
// on deposit. Source: OpenZeppelin/openzeppelin-contracts contracts/token/ERC20/extensions/ERC4626.sol
// (_convertToShares, _convertToAssets; Math.mulDiv with Rounding.Floor).
import type { Erc4626Vault } from '../market/types.ts'

/** `previewDeposit(assets)`: shares minted for `assetsRaw`, rounded down. */
export function previewVaultDeposit(vault: Erc4626Vault, assetsRaw: bigint): bigint {
  return (assetsRaw * (vault.totalSupplyRaw + 10n ** BigInt(vault.decimalsOffset))) / (vault.totalAssetsRaw + 1n)
}

/** `convertToAssets(shares)`: assets the shares are worth, rounded down. */
export function convertVaultSharesToAssets(vault: Erc4626Vault, sharesRaw: bigint): bigint {
  return (sharesRaw * (vault.totalAssetsRaw + 1n)) / (vault.totalSupplyRaw + 10n ** BigInt(vault.decimalsOffset))
}

/** The vault after a deposit of `assetsRaw` that minted `sharesRaw`. */
export function applyVaultDeposit(vault: Erc4626Vault, assetsRaw: bigint, sharesRaw: bigint): Erc4626Vault {
  return { ...vault, totalAssetsRaw: vault.totalAssetsRaw + assetsRaw, totalSupplyRaw: vault.totalSupplyRaw + sharesRaw }
}
