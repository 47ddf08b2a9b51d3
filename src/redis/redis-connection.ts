import type { RedisClient as BullMqRedisClient, RedisOptions } from 'bullmq';
import { resolvesWithin } from '../common/resolves-within';
import type { Cluster, Redis } from 'ioredis';

/** `host:port/db`, for messages (ioredis's defaults where the options leave them out). */
export function describeRedis(options: RedisOptions): string {
  return `${options.host ?? '127.0.0.1'}:${options.port ?? 6379}/${options.db ?? 0}`;
}

/** How long a shutdown waits, at most, for queues and workers that are still connecting. */
const CONNECTING_WAIT_MS = 2_000;

/**
 * Closes a connection of the library's own: with QUIT once it is ready (the replies still due arrive
 * first), at once otherwise. A QUIT sent while it connects fails without the offline queue, or waits
 * for a Redis that may not come back, and either way leaves the connection retrying.
 */
export async function closeRedisConnection(connection: Redis | Cluster | undefined): Promise<void> {
  if (!connection || connection.status === 'end') return;
  if (connection.status !== 'ready') return connection.disconnect();
  await connection.quit().catch(() => connection.disconnect());
}

/**
 * Before BullMQ queues or workers are closed: lets those still connecting finish (or fail), for a moment
 * at most, and cuts those that connected once but are reconnecting now (Redis was down a moment ago).
 * BullMQ 5 closes one that is still connecting in a way that makes it throw an unhandled "Connection is
 * closed" afterwards (an app stopped just after it started: a failed boot, a short test); BullMQ 6
 * close a reconnecting one with a QUIT that fails and leaves it retrying for ever, holding the process open.
 */
export async function settleConnecting(clients: BullMqConnectable[]): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      let connection: BullMqRedisClient | undefined;
      // Resolves once the first connection is made; one that never connected is closed by BullMQ with a disconnect.
      const connected = (client.backend?.client ?? client.client)?.then((made) => void (connection = made));
      await resolvesWithin(Promise.allSettled([client.waitUntilReady(), connected]), CONNECTING_WAIT_MS);
      if (connection && connection.status !== 'ready' && connection.status !== 'end') connection.disconnect();
    }),
  );
}

/** A BullMQ queue or worker: its Redis client is `backend.client` on BullMQ 6, `client` on BullMQ 5. */
interface BullMqConnectable {
  waitUntilReady(): Promise<unknown>;
  client?: Promise<BullMqRedisClient>;
  backend?: { client?: Promise<BullMqRedisClient> };
}
