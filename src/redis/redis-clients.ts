import Redis, { Cluster, type RedisOptions } from 'ioredis';
import type { RedisSettings } from '../options/redis-option';
import { describeRedis } from './redis-connection';

/** A connection of the library's own: to one Redis server, or to a Redis Cluster (same commands). */
export type RedisClient = Redis | Cluster;

/**
 * Opens a connection to the configured Redis, with the caller's overrides. On a cluster, the overrides
 * that ioredis takes per cluster (retries, offline queue, lazy connect) go to the cluster, the others to
 * each node's connection.
 */
export function openRedis(redis: RedisSettings, overrides: RedisOptions = {}): RedisClient {
  if (redis.cluster === null) return new Redis({ ...redis.options, ...overrides });
  const { retryStrategy, enableOfflineQueue, lazyConnect, ...perNode } = overrides;
  const { nodes, options } = redis.cluster;
  return new Cluster(nodes, {
    ...options,
    ...(retryStrategy !== undefined ? { clusterRetryStrategy: retryStrategy } : {}),
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    redisOptions: { ...options.redisOptions, ...perNode },
  });
}

/** The servers that hold keys: the connection itself, or each master of a cluster (a SCAN must visit them all). */
export function mastersOf(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

export function isCluster(client: RedisClient): client is Cluster {
  return (client as Cluster).isCluster === true;
}

/** `host:port/db`, or the cluster's nodes, for messages. */
export function describeRedisSettings(redis: RedisSettings): string {
  if (redis.cluster === null) return describeRedis(redis.options);
  const nodes = redis.cluster.nodes.map((node) =>
    typeof node === 'object' ? `${node.host ?? '127.0.0.1'}:${node.port ?? 6379}` : String(node),
  );
  return `cluster nodes ${nodes.join(', ')}`;
}
