// Exit codes of every `accord` command.

/** Done: the plan, the batch, the execution reached what was asked. */
export const EXIT_OK = 0
/** The request cannot be met (infeasible, no route, an execution not reached) or the world failed (RPC, anvil). */
export const EXIT_UNMET = 1
/** Bad input or usage: a flag, a file, an intent. */
export const EXIT_BAD_INPUT = 2
