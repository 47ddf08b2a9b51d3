import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { REDIS_URL, uniqueQueuePrefix } from '../../test/support/redis';
import { waitFor } from '../../test/support/wait-for';
import { toRedisOptions } from '../options/redis-option';
import { closeRedisConnection, describeRedis, settleConnecting } from './redis-connection';

describe('describeRedis', () => {
  it('describes a connection for messages', () => {
    expect(describeRedis(toRedisOptions('redis://10.0.0.5:6379/4'))).toBe('10.0.0.5:6379/4');
  });

  it("names ioredis's defaults where the options leave them out", () => {
    expect(describeRedis({})).toBe('127.0.0.1:6379/0');
  });
});

describe('closeRedisConnection', () => {
  it('quits a ready connection once the replies still due have arrived', async () => {
    const connection = new Redis(REDIS_URL);
    await once(connection, 'ready');
    const reply = connection.ping();
    await closeRedisConnection(connection);
    await expect(reply).resolves.toBe('PONG');
    await waitFor('the connection to end', () => connection.status === 'end');
  });

  it('closes a connection that is not ready, without the offline queue a QUIT cannot be sent on', async () => {
    // A server that accepts the connection but never answers: ioredis stays in its ready check.
    const sockets: Socket[] = [];
    const closed: Promise<unknown>[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      closed.push(once(socket, 'close'));
      // Read (and drop) what ioredis sends, so that its closing the connection is seen.
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const connection = new Redis({ port: (silent.address() as { port: number }).port, host: '127.0.0.1', enableOfflineQueue: false });
    connection.on('error', () => undefined);
    try {
      await waitFor('the connection to be accepted', () => sockets.length === 1 && connection.status === 'connect');
      await closeRedisConnection(connection);
      await closed[0];
      await waitFor('the connection to end', () => connection.status === 'end');
    } finally {
      connection.disconnect();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('settleConnecting', () => {
  it('lets a queue finish connecting', async () => {
    const queue = new Queue('settle', { connection: toRedisOptions(REDIS_URL), prefix: uniqueQueuePrefix() });
    try {
      await settleConnecting([queue]);
      // Settled promises resolve before the next turn of the event loop.
      const ready = await Promise.race([
        queue.waitUntilReady().then(() => true),
        new Promise<false>((resolve) => setImmediate(() => resolve(false))),
      ]);
      expect(ready).toBe(true);
    } finally {
      await queue.close();
    }
  });
});
