/**
 * The queues live in Redis: the app is stopped at boot, with one line saying what to fix, when
 * Redis cannot be reached.
 * @publicApi
 */
export class RedisUnavailableError extends Error {
  constructor(where: string, cause: string) {
    super(
      `Redis at ${where} is unreachable (${cause}). Fix: start Redis there, or point the TrackingEventsModule redis option at a running Redis.`,
    );
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
