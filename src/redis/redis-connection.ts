import type { RedisOptions } from 'bullmq';

/** `host:port/db`, for messages (ioredis's defaults where the options leave them out). */
export function describeRedis(options: RedisOptions): string {
  return `${options.host ?? '127.0.0.1'}:${options.port ?? 6379}/${options.db ?? 0}`;
}
