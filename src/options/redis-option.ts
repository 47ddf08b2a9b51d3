import type { RedisOptions } from 'bullmq';
import type { RedisConnection } from './tracking-events-module-options.interface';

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
