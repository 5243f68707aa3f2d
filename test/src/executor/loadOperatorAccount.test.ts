// Issue 13, keys: the operator's key from the environment or a Web3 Secret Storage v3 keystore,
// checked against the specification's own test vectors (both key derivations), and the devnet's
// public test mnemonic refused on any chain that is not a devnet.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mnemonicToAccount } from 'viem/accounts'
import type { ExecutionTargets } from '../../../src/executor/chainEnvironment.ts'
import { assertSignerAllowed, decryptKeystore, loadOperatorAccount } from '../../../src/executor/loadOperatorAccount.ts'

// https://ethereum.org/developers/docs/data-structures-and-encoding/web3-secret-storage/ (test vectors).
const PRIVATE_KEY = '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d'
const PBKDF2 = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
    kdf: 'pbkdf2',
    kdfparams: { c: 262144, dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd' },
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
}
const SCRYPT = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '83dbcc02d8ccb40e466191a123791e0e' },
    ciphertext: 'd172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c',
    kdf: 'scrypt',
    kdfparams: { dklen: 32, n: 262144, r: 1, p: 8, salt: 'ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19' },
    mac: '2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
}

const targets = (devnet: boolean): ExecutionTargets => ({
  chains: new Map([[1, { chainId: 1, name: 'mainnet', rpcUrl: 'http://127.0.0.1:1', router: '0x0000000000000000000000000000000000000001', spoke: '0x0000000000000000000000000000000000000002', devnet }]]),
  bridgeLiquidityHolders: new Map(),
})

describe('loadOperatorAccount', () => {
  it('decrypts the specification vectors (PBKDF2 and scrypt) and refuses a wrong password', () => {
    expect(decryptKeystore(JSON.stringify(PBKDF2), 'testpassword')).toBe(PRIVATE_KEY)
    expect(decryptKeystore(JSON.stringify(SCRYPT), 'testpassword')).toBe(PRIVATE_KEY)
    expect(() => decryptKeystore(JSON.stringify(PBKDF2), 'wrong')).toThrow(/Wrong keystore password/)
  })

  it('reads the key from ACCORD_EXECUTOR_KEY or a keystore file, and nothing when neither is given', async () => {
    expect(await loadOperatorAccount({ env: {} })).toBeUndefined()
    // The vector's address, as the specification states it.
    expect((await loadOperatorAccount({ env: { ACCORD_EXECUTOR_KEY: PRIVATE_KEY } }))!.address.toLowerCase()).toBe('0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b')
    await expect(loadOperatorAccount({ env: { ACCORD_EXECUTOR_KEY: '0x1234' } })).rejects.toThrow(/64 hex digits/)
    const dir = await mkdtemp(join(tmpdir(), 'accord-keystore-'))
    try {
      await writeFile(join(dir, 'key.json'), JSON.stringify(PBKDF2))
      const account = await loadOperatorAccount({ env: { ACCORD_KEYSTORE_PASSWORD: 'testpassword' }, keystorePath: join(dir, 'key.json') })
      expect(account!.address.toLowerCase()).toBe('0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b')
      await expect(loadOperatorAccount({ env: {}, keystorePath: join(dir, 'key.json') })).rejects.toThrow(/ACCORD_KEYSTORE_PASSWORD/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('lets the devnet mnemonic sign only on devnet chains', () => {
    const devnetUser = mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: 2 })
    expect(() => assertSignerAllowed(devnetUser, targets(true))).not.toThrow()
    expect(() => assertSignerAllowed(devnetUser, targets(false))).toThrow(/well-known test key .* may not sign on mainnet/)
    expect(() => assertSignerAllowed({ address: '0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b' }, targets(false))).not.toThrow()
  })
})
