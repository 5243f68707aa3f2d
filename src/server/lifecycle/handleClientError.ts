// Errors Node's HTTP parser raises before fastify routes anything (malformed request line, both
// Transfer-Encoding and Content-Length, header overflow, request timeout) answered with the same
// `{code, message, field}` body as every other error, then the connection is closed.
import type { Socket } from 'node:net'
import type { ApiErrorBody } from '../errorCatalogue.ts'

const STATUS_TEXT: Readonly<Record<number, string>> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' }

/** Status and body for a parser error code (https://nodejs.org/api/http.html#event-clienterror). */
export function describeClientError(code: string | undefined): { statusCode: number; body: ApiErrorBody } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { statusCode: 408, body: { code: 'REQUEST_TIMEOUT', message: 'The request was not received in time.', field: null } }
  if (code === 'HPE_HEADER_OVERFLOW') return { statusCode: 431, body: { code: 'INVALID_REQUEST', message: 'The request headers are too large.', field: 'headers' } }
  return { statusCode: 400, body: { code: 'INVALID_REQUEST', message: 'The request is not valid HTTP/1.1.', field: null } }
}

/** fastify's `clientErrorHandler`. */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection cannot be answered; one already sending a response must not get a second one.
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy(error)
    return
  }
  const { statusCode, body } = describeClientError(error.code)
  const text = JSON.stringify(body)
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_TEXT[statusCode] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  )
}
