import type { RedisOptions } from 'bullmq';
import Redis from 'ioredis';
import { describeRedis } from './redis-connection';
import { RedisUnavailableError } from './redis-unavailable.error';

/**
 * Pings Redis once, and says what in its configuration puts queued events at risk. It runs before
 * any queue connects, so that an unreachable Redis gives one message rather than every queue's
 * reconnection errors. Resolves to the warnings (none for a durable configuration).
 */
export async function assertRedisReachable(options: RedisOptions): Promise<string[]> {
  const probe = new Redis({ ...options, lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: Error | undefined;
  probe.on('error', (error: Error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
    return await durabilityWarnings(probe);
  } catch (error) {
    throw new RedisUnavailableError(describeRedis(options), (cause ?? (error as Error)).message);
  } finally {
    probe.disconnect();
  }
}

/** BullMQ's production guidance: persistence on (AOF), and no eviction of keys under memory pressure. */
async function durabilityWarnings(redis: Redis): Promise<string[]> {
  try {
    const [, appendOnly] = (await redis.config('GET', 'appendonly')) as string[];
    const [, evictionPolicy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const warnings: string[] = [];
    if (appendOnly !== 'yes') {
      warnings.push('Redis has AOF persistence off (appendonly no): queued events are lost if Redis restarts. Set appendonly yes.');
    }
    if (evictionPolicy !== 'noeviction') {
      warnings.push(
        `Redis may evict keys under memory pressure (maxmemory-policy ${evictionPolicy}): queued events can vanish. Set maxmemory-policy noeviction.`,
      );
    }
    return warnings;
  } catch (error) {
    // Managed Redis services often refuse CONFIG.
    return [
      `Could not check that Redis keeps queued events durably (${(error as Error).message}): make sure AOF is on and maxmemory-policy is noeviction.`,
    ];
  }
}
