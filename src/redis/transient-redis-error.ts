/** Error codes of a connection to Redis that dropped or could not be made; the client reconnects. */
const CONNECTION_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Replies Redis gives while a master fails over, a replica takes over or a node loads its data set:
 * the command is retried on the node that serves the slot once the cluster settles.
 */
const TRANSIENT_REPLY_PREFIXES = ['UNBLOCKED', 'READONLY', 'LOADING', 'CLUSTERDOWN', 'TRYAGAIN', 'MASTERDOWN'];

/**
 * Whether a Redis error is one that a failover or a dropped connection causes and that the client
 * recovers from by itself, as opposed to one that needs an operator (a wrong password, a script error).
 */
export function isTransientRedisError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && CONNECTION_ERROR_CODES.has(code)) return true;
  if (error.message === 'Connection is closed.') return true;
  return TRANSIENT_REPLY_PREFIXES.some((prefix) => error.message.startsWith(prefix));
}
