// A 503 (or 429) the client should retry: carries the seconds for the Retry-After header.
import { ApiError, type ApiErrorCode } from '../errorCatalogue.ts'

export class OverloadedError extends ApiError {
  override name = 'OverloadedError'
  readonly retryAfterSeconds: number
  constructor(code: ApiErrorCode, message: string, retryAfterSeconds: number) {
    super(code, message)
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds))
  }
}
