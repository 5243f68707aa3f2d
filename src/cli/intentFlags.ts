// The flags that describe an intent, shared by the commands that take one (quote, execute).
export const INTENT_FLAGS = {
  from: { type: 'string' },
  to: { type: 'string' },
  amount: { type: 'string' },
  deadline: { type: 'string' },
  'min-out': { type: 'string' },
  'max-slippage-bps': { type: 'string' },
  'max-steps': { type: 'string' },
  'min-probability': { type: 'string' },
} as const
