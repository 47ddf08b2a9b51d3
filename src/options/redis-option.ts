import type { RedisOptions } from 'bullmq';
import type { ClusterNode, ClusterOptions } from 'ioredis';
import type { RedisClusterConnection, RedisConnection } from './tracking-events-module-options.interface';

/** The Redis every connection of the library goes to: one server, or a cluster. */
export type RedisSettings = { cluster: null; options: RedisOptions } | { cluster: { nodes: ClusterNode[]; options: ClusterOptions } };

/** The `redis` option as the library's connections read it. */
export function toRedisSettings(connection: RedisConnection): RedisSettings {
  if (isClusterConnection(connection)) {
    const { nodes, options } = connection.cluster;
    const hostAndPort = (node: string) => ({
      host: node.slice(0, node.lastIndexOf(':')),
      port: Number(node.slice(node.lastIndexOf(':') + 1)),
    });
    return {
      cluster: {
        nodes: nodes.map((node) => (typeof node === 'string' ? hostAndPort(node) : { ...node })),
        options: { ...(options as ClusterOptions) },
      },
    };
  }
  return { cluster: null, options: toRedisOptions(connection) };
}

function isClusterConnection(connection: RedisConnection): connection is RedisClusterConnection {
  return typeof connection === 'object' && connection.cluster !== undefined;
}

/** The `redis` option as ioredis connection options (a `redis://user:pass@host:port/db` URL is taken apart). */
export function toRedisOptions(connection: RedisConnection): RedisOptions {
  if (typeof connection !== 'string') return { ...(connection as RedisOptions) };
  const url = new URL(connection);
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    db: db ? Number(db) : 0,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}
