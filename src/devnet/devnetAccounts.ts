// The devnet's accounts: anvil's well-known development mnemonic (its default, published in the
// Foundry book, https://book.getfoundry.sh/reference/anvil/) and one account index per role.
// These keys are public; they must never hold anything outside a local devnet.
import { mnemonicToAccount, type HDAccount } from 'viem/accounts'

export const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk'

/** Account index (BIP-44 path m/44'/60'/0'/0/index) of each role. */
export const DEVNET_ACCOUNT_INDEX = { deployer: 0, relayer: 1, user: 2 } as const

export type DevnetRole = keyof typeof DEVNET_ACCOUNT_INDEX

/** The signing account of a devnet role (or of any index of the devnet mnemonic). */
export function devnetAccount(role: DevnetRole | number): HDAccount {
  const addressIndex = typeof role === 'number' ? role : DEVNET_ACCOUNT_INDEX[role]
  return mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex })
}
