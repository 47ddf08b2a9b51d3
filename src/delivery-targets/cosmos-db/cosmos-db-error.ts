import { DeliveryFailedError } from '../delivery-failed.error';
import { refusedDelivery } from '../network-policy';

/** Besides 5xx, the answers another attempt may get past: a timeout, a partition moving (410), throttling, a write conflict retry (449). */
const RETRYABLE_STATUSES = new Set([408, 410, 429, 449]);
const NOT_FOUND = 404;
const EXCERPT_LENGTH = 300;

/**
 * The parts of `@azure/cosmos`'s ErrorResponse the classification reads: `code` is the HTTP status of an
 * answer (a network error's `code` is a string such as ECONNREFUSED).
 */
interface CosmosDbErrorResponse {
  code: number;
  substatus?: number;
  message?: string;
  body?: { code?: string; message?: string };
  retryAfterInMs?: number;
  retryAfterInMilliseconds?: number;
}

function isErrorResponse(error: unknown): error is CosmosDbErrorResponse {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number';
}

/** Cosmos DB answered that the database or the container is not there (deleted, or an emulator restarted): create them again. */
export function isMissingContainer(error: unknown): boolean {
  return isErrorResponse(error) && error.code === NOT_FOUND;
}

/**
 * What an error of `@azure/cosmos` means for the delivery: refused credentials and refused items
 * fail at once; throttling, timeouts, 5xx, a missing container and network errors are retried, after
 * the service's retry-after when it gives one. Messages hold the service's answer, never the key.
 */
export function cosmosDbFailure(error: unknown, signal: AbortSignal): DeliveryFailedError {
  if (signal.aborted) {
    return new DeliveryFailedError(`Cosmos DB did not answer: ${reasonOf(signal.reason)}`, { retryable: true });
  }
  const refused = refusedDelivery(error, 'Cosmos DB');
  if (refused) return refused;
  if (!isErrorResponse(error)) {
    return new DeliveryFailedError(`Cosmos DB could not be reached: ${reasonOf(error)}`, { retryable: true });
  }
  const status = error.code;
  const answer = (error.body?.message ?? error.message ?? '').slice(0, EXCERPT_LENGTH);
  const failure = { httpStatus: status, responseExcerpt: answer };
  const detail = `${status}${error.substatus ? ` (substatus ${error.substatus})` : ''}`;
  if (status === 401 || status === 403) {
    return new DeliveryFailedError(`Cosmos DB refused the ConnectionString's AccountKey: ${detail}`, { ...failure, retryable: false });
  }
  if (status === NOT_FOUND) {
    return new DeliveryFailedError(`Cosmos DB has no such database or container (${detail}); the next attempt creates them`, {
      ...failure,
      retryable: true,
    });
  }
  if (RETRYABLE_STATUSES.has(status) || status >= 500) {
    const retryAfterMs = error.retryAfterInMilliseconds ?? error.retryAfterInMs;
    return new DeliveryFailedError(`Cosmos DB answered ${detail}`, {
      ...failure,
      retryable: true,
      retryAfterMs: retryAfterMs || undefined,
    });
  }
  return new DeliveryFailedError(`Cosmos DB refused the item: ${detail}`, { ...failure, retryable: false });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
