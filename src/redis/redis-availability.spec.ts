import { createHook } from 'node:async_hooks';
import { freePort } from '../../test/support/private-servers';
import type { RedisSettings } from '../options/redis-option';
import { assertRedisReachable } from './redis-availability';
import { RedisUnavailableError } from './redis-unavailable.error';

/** The timers and sockets that `work` opened and left open 20 ms after it settled: what would hold the process. */
async function leftOpenBy(work: () => Promise<unknown>): Promise<string[]> {
  const open = new Map<number, string>();
  let recording = true;
  const hook = createHook({
    init: (id, type) => {
      if (recording && (type === 'Timeout' || type === 'TCPWRAP')) open.set(id, type);
    },
    destroy: (id) => open.delete(id),
  }).enable();
  try {
    await work().catch(() => undefined);
    recording = false;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return [...open.values()];
  } finally {
    hook.disable();
  }
}

describe('assertRedisReachable', () => {
  it('names the nodes of a Redis Cluster that none of answers, in one line', async () => {
    const port = await freePort();
    const attempt = assertRedisReachable({ cluster: { nodes: [{ host: '127.0.0.1', port }], options: {} } });
    await expect(attempt).rejects.toThrow(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(new RegExp(`^Redis at cluster nodes 127\\.0\\.0\\.1:${port} is unreachable \\(.+\\)\\. Fix:`));
  });

  it.each<[string, (port: number) => RedisSettings]>([
    ['one server', (port) => ({ cluster: null, options: { host: '127.0.0.1', port } })],
    ['a cluster', (port) => ({ cluster: { nodes: [{ host: '127.0.0.1', port }], options: {} } })],
  ])('leaves nothing open once %s is found unreachable', async (_, settings) => {
    const port = await freePort();
    expect(await leftOpenBy(() => assertRedisReachable(settings(port)))).toEqual([]);
  });
});
