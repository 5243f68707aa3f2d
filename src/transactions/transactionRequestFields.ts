// A transaction to sign as LI.FI's `TransactionRequest` carries it (@lifi/types src/api.ts): quantities as hex strings.
import type { Address, Hex } from 'viem'

export interface TransactionRequestFields {
  readonly chainId: number
  readonly from: Address
  readonly to: Address
  readonly data: Hex
  readonly value: Hex
  readonly gasLimit: Hex
}
