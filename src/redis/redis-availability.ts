import type { RedisSettings } from '../options/redis-option';
import { describeRedisSettings, isCluster, mastersOf, openRedis, type RedisClient } from './redis-clients';
import { RedisUnavailableError } from './redis-unavailable.error';

/**
 * Pings Redis once, and says what in its configuration puts queued events at risk. It runs before
 * any queue connects, so that an unreachable Redis gives one message rather than every queue's
 * reconnection errors. Resolves to the warnings (none for a durable configuration).
 */
export async function assertRedisReachable(redis: RedisSettings): Promise<string[]> {
  const probe = openRedis(redis, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    // The probe's sockets are dropped at once: ioredis would otherwise hold the process for two seconds after a failed
    // connection (it waits for a 'close' that has already been emitted).
    disconnectTimeout: 0,
  });
  let cause: Error | undefined;
  probe.on('error', (error: Error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
    return await durabilityWarnings(probe);
  } catch (error) {
    throw new RedisUnavailableError(describeRedisSettings(redis), (cause ?? (error as Error)).message);
  } finally {
    probe.disconnect();
  }
}

/** BullMQ's production guidance: persistence on (AOF), and no eviction of keys under memory pressure; on every master of a cluster. */
async function durabilityWarnings(redis: RedisClient): Promise<string[]> {
  const where = (server: string) => (isCluster(redis) ? ` (on ${server})` : '');
  const warnings = new Set<string>();
  for (const server of mastersOf(redis)) {
    const name = `${server.options.host}:${server.options.port}`;
    try {
      const [, appendOnly] = (await server.config('GET', 'appendonly')) as string[];
      const [, evictionPolicy] = (await server.config('GET', 'maxmemory-policy')) as string[];
      if (appendOnly !== 'yes') {
        warnings.add(
          `Redis has AOF persistence off (appendonly no)${where(name)}: queued events are lost if Redis restarts. Set appendonly yes.`,
        );
      }
      if (evictionPolicy !== 'noeviction') {
        warnings.add(
          `Redis may evict keys under memory pressure (maxmemory-policy ${evictionPolicy})${where(name)}: queued events can vanish. Set maxmemory-policy noeviction.`,
        );
      }
    } catch (error) {
      // Managed Redis services often refuse CONFIG.
      warnings.add(
        `Could not check that Redis keeps queued events durably (${(error as Error).message}): make sure AOF is on and maxmemory-policy is noeviction.`,
      );
    }
  }
  return [...warnings];
}
