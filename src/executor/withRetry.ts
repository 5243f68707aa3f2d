// Retries of JSON-RPC calls on transport failures (connection refused or reset, HTTP 5xx, time-outs)
// with exponential backoff. Errors the node answered with (reverts, bad nonces) are not retried:
// retrying them cannot succeed and could hide a real failure.
import { HttpRequestError, SocketClosedError, TimeoutError, BaseError as ViemBaseError } from 'viem'

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  readonly retries?: number
  /** First wait; doubles after every failure. Default 200 ms. */
  readonly baseDelayMs?: number
  /** Longest wait. Default 5 000 ms. */
  readonly maxDelayMs?: number
  /** Told before each retry. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void
}

/** True for failures of the transport rather than answers of the node. */
export function isTransportError(error: unknown): boolean {
  const transport = (candidate: unknown) =>
    candidate instanceof HttpRequestError || candidate instanceof TimeoutError || candidate instanceof SocketClosedError
  if (transport(error)) return true
  if (error instanceof ViemBaseError) return Boolean(error.walk(transport))
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE'
}

/**
 * Runs `fn`, retrying transport errors up to `retries` times after waits of base·2^attempt (capped);
 * rethrows the last error, and any other error at once.
 *
 * @example
 * const nonce = await withRetry(() => client.getTransactionCount({ address, blockTag: 'pending' }))
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 4
  const base = options.baseDelayMs ?? 200
  const max = options.maxDelayMs ?? 5000
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (attempt >= retries || !isTransportError(error)) throw error
      const delayMs = Math.min(max, base * 2 ** attempt)
      options.onRetry?.(error, attempt + 1, delayMs)
      await new Promise((resolve) => setTimeout(resolve, delayMs))
    }
  }
}
