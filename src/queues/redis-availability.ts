import Redis from 'ioredis';
import type { RedisConnection } from '../options';
import { describeRedis, toRedisOptions } from './redis-connection';

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

/**
 * Pings Redis once. It runs before any queue connects, so that an unreachable Redis gives this one
 * message rather than every queue's reconnection errors.
 */
export async function assertRedisReachable(connection: RedisConnection | undefined): Promise<void> {
  const options = toRedisOptions(connection);
  const probe = new Redis({ ...options, lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: Error | undefined;
  probe.on('error', (error: Error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new RedisUnavailableError(describeRedis(options), (cause ?? (error as Error)).message);
  } finally {
    probe.disconnect();
  }
}
