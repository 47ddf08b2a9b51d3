import type { RedisOptions } from 'bullmq';
import type { RedisConnection } from '../options';

const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

/** The option as ioredis connection options (a `redis://user:pass@host:port/db` URL is taken apart). */
export function toRedisOptions(connection: RedisConnection | undefined): RedisOptions {
  const value = connection ?? DEFAULT_REDIS;
  if (typeof value !== 'string') return { ...(value as RedisOptions) };
  const url = new URL(value);
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

/** `host:port/db`, for messages. */
export function describeRedis(options: RedisOptions): string {
  return `${options.host ?? '127.0.0.1'}:${options.port ?? 6379}/${options.db ?? 0}`;
}
