/** What the library needs to know about a failed attempt. @publicApi */
export interface DeliveryFailure {
  /** Whether another attempt may succeed (network errors, timeouts, 5xx, 429) or not (other 4xx). */
  retryable: boolean;
  httpStatus?: number;
  /** How long the receiver asked us to wait (`Retry-After`). */
  retryAfterMs?: number;
  /** The start of the receiver's answer, for the operator. */
  responseExcerpt?: string;
}

/**
 * A failed delivery attempt. A non-retryable one fails the delivery at once; a retryable one is
 * retried with backoff (or after `retryAfterMs`).
 * @publicApi
 */
export class DeliveryFailedError extends Error {
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly responseExcerpt?: string;

  constructor(message: string, failure: DeliveryFailure) {
    super(message);
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
    this.retryable = failure.retryable;
    this.httpStatus = failure.httpStatus;
    this.retryAfterMs = failure.retryAfterMs;
    this.responseExcerpt = failure.responseExcerpt;
  }
}
