import Redis from 'ioredis';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, NoRedisToStartError, startLocalRedisIfNone } from '../../sample-app/local-redis';
import { freePort, startRunRedis } from '../support/private-servers';
import { waitFor } from '../support/wait-for';

describe("The sample app's own Redis (npm start with nothing running)", () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sample-local-redis-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('starts redis-server on the port when nothing answers there, with AOF in its directory, and stops it', async () => {
    const port = await freePort();
    const started = await startLocalRedisIfNone(port, directory);
    expect(started).toMatchObject({ port, directory });
    const redis = new Redis({ port, host: '127.0.0.1' });
    try {
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      await redis.set('kept', '1');
    } finally {
      redis.disconnect();
    }
    started!.stop();
    await waitFor('the sample Redis to stop', async () => !(await answers(port)));
    expect(readdirSync(directory).length).toBeGreaterThan(0);
  });

  it('leaves a Redis that answers already alone', async () => {
    const running = await startRunRedis();
    try {
      const port = Number(new URL(running.url).port);
      expect(await startLocalRedisIfNone(port, directory)).toBeUndefined();
      expect(readdirSync(directory)).toEqual([]);
    } finally {
      running.stopNow();
    }
  });

  it('says in one line what to install when no redis-server is on the PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = directory;
    try {
      const port = await freePort();
      await expect(startLocalRedisIfNone(port, directory)).rejects.toThrow(NoRedisToStartError);
      await expect(startLocalRedisIfNone(port, directory)).rejects.toThrow(
        `Nothing answers on 127.0.0.1:${port} and no redis-server is installed to start one. Fix: apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS), or set REDIS_URL.`,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
