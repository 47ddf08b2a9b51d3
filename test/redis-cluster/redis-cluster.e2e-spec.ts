import type { Redis } from 'ioredis';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { report, tally } from '../support/delivery-tally';
import { FAST_RECOVERY } from '../support/fault-settings';
import { addLines, configureTracking, deliveredAll } from '../support/fault-shoppers';
import { PrivateRedisCluster, startPrivateRedisCluster } from '../support/private-redis-cluster';
import { UserErasureService } from '../../src';
import { BUYER, RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { uniqueQueuePrefix } from '../support/redis';
import { shopperJourneys } from '../support/shopper-journeys';
import { SQLITE } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const EVENTS = 200;

/**
 * The library on a Redis Cluster of three masters with a replica each, started by the suite: the
 * shopper journeys, and a master failed over while shoppers keep adding lines. SQLite only: the
 * database plays no part in what is tested here.
 */
describe('On a Redis Cluster', () => {
  let cluster: PrivateRedisCluster;

  beforeAll(async () => {
    cluster = await startPrivateRedisCluster();
  }, 60_000);

  afterAll(() => cluster?.close());

  describe('Tracking shopper journeys (sqlite)', () => shopperJourneys(SQLITE, () => ({ redisClusterNodes: cluster.nodes })));

  describe('Nothing lost (sqlite)', () => {
    let sink: LoopbackReceiver;
    let app: RunningSampleApp | undefined;

    beforeEach(async () => {
      sink = await startLoopbackReceiver();
    });

    afterEach(async () => {
      await app?.close();
      await sink?.close();
    });

    it('masters failed over mid-stream while shoppers keep adding lines: nothing is lost, a duplicate keeps its idempotency ID', async () => {
      app = await startSampleApp(SQLITE, { redisClusterNodes: cluster.nodes, ...FAST_RECOVERY });
      const prefix = app.config.queuePrefix!;
      sink.answerWith({ status: 200, body: '{}', delayMs: 20 });
      const buyer = await configureTracking(app.baseUrl, sink);
      let added = 0;
      // Each failover, and how many lines the shoppers had added once it was over.
      const failOver = (key: string) => cluster.failOver(key).then((moved) => ({ ...moved, addedBy: added }));
      const failovers: Array<Promise<{ from: string; to: string; addedBy: number }>> = [];
      const ids = await addLines(EVENTS, buyer, async (count) => {
        added = count;
        // The capture stream's master first, then the Http queue's, while shopping and delivery go on.
        if (count === 40) failovers.push(failOver(`${prefix}:{tracking-events}:captured`));
        if (count === 80) failovers.push(failovers[0].then(() => failOver(`${prefix}:{tracking-events-target-http}:wait`)));
        // The last lines are added on the new masters, however slow the failovers are on this machine.
        if (count >= EVENTS - 40) await Promise.all(failovers);
      });
      const moved = await Promise.all(failovers);
      // Shopping went on after both.
      expect(moved.map(({ addedBy }) => addedBy < EVENTS)).toEqual([true, true]);
      await waitFor('every line delivered', deliveredAll(sink, ids), 60_000);
      const figures = tally(ids, sink);
      report(
        `master failover mid-stream (${moved.map(({ from, to, addedBy }) => `${from} → ${to} by line ${addedBy}`).join(', ')})`,
        SQLITE.name,
        figures,
      );
      expect(ids).toHaveLength(EVENTS);
      expect(figures).toMatchObject({ sent: EVENTS, lost: 0, mismatched: 0 });
    }, 120_000);

    it('spreads the queues over the masters: each queue and the library keys in a slot of their own', async () => {
      app = await startSampleApp(SQLITE, { redisClusterNodes: cluster.nodes });
      const prefix = app.config.queuePrefix!;
      const buyer = await configureTracking(app.baseUrl, sink);
      const ids = await addLines(10, buyer);
      await waitFor('every line delivered', deliveredAll(sink, ids), 30_000);
      const redis = cluster.connect();
      try {
        await redis.ping();
        const keysByMaster = await Promise.all(
          redis.nodes('master').map(async (node) => (await node.keys(`${prefix}:*`)).map((key) => key.split(':')[1])),
        );
        const tags = new Set(keysByMaster.flat());
        expect([...tags]).toEqual(expect.arrayContaining(['{tracking-events-target-http}', '{tracking-events}']));
        // A tag's keys are on one master only; the tags are on more than one.
        for (const tag of tags) expect(keysByMaster.filter((keys) => keys.includes(tag))).toHaveLength(1);
        expect(keysByMaster.filter((keys) => keys.length > 0).length).toBeGreaterThan(1);
      } finally {
        redis.disconnect();
      }
    });

    it('keeps every queue in the slot of a hash tag in the queue prefix', async () => {
      const tag = `{${uniqueQueuePrefix()}}`;
      app = await startSampleApp(SQLITE, { redisClusterNodes: cluster.nodes, queuePrefix: tag });
      const buyer = await configureTracking(app.baseUrl, sink);
      const ids = await addLines(5, buyer);
      await waitFor('every line delivered', deliveredAll(sink, ids), 30_000);
      const redis = cluster.connect();
      try {
        await redis.ping();
        const keysByMaster = await Promise.all(redis.nodes('master').map((node) => node.keys(`${tag}:*`)));
        expect(keysByMaster.filter((keys) => keys.length > 0)).toHaveLength(1);
        expect(keysByMaster.flat()).toEqual(
          expect.arrayContaining([`${tag}:tracking-events:captured`, `${tag}:tracking-events-target-http:meta`]),
        );
      } finally {
        redis.disconnect();
      }
    });

    it("erases a user's jobs from the queues of every master", async () => {
      app = await startSampleApp(SQLITE, { redisClusterNodes: cluster.nodes });
      const buyer = await configureTracking(app.baseUrl, sink);
      const ids = await addLines(10, buyer);
      await waitFor('every line delivered', deliveredAll(sink, ids), 30_000);
      const prefix = app.config.queuePrefix!;
      // Kept after delivery (completed batch jobs), on whichever master holds the Http queue.
      expect(await jobsMentioning(prefix, BUYER.username)).toBeGreaterThan(0);
      // A job still finishing after its delivery arrived is left alone by the erasure: wait for none.
      await waitFor('no job in progress', async () => (await activeJobs(prefix)) === 0);
      const report = await app.app.get(UserErasureService).forgetUser(BUYER.username);
      expect(report.Jobs).toBeGreaterThan(0);
      expect(report.JobsInProgress).toBe(0);
      expect(await jobsMentioning(prefix, BUYER.username)).toBe(0);
    });
  });

  /** The jobs under the prefix that a worker holds, on every master. */
  function activeJobs(prefix: string): Promise<number> {
    return sumOverKeys(`${prefix}:*:active`, (node, key) => node.llen(key));
  }

  /** The jobs under the prefix, on any master, whose data holds `text`. */
  function jobsMentioning(prefix: string, text: string): Promise<number> {
    return sumOverKeys(`${prefix}:*`, async (node, key) =>
      (await node.type(key)) === 'hash' && ((await node.hget(key, 'data')) ?? '').includes(text) ? 1 : 0,
    );
  }

  /** The sum of `count` over the keys matching `pattern` on every master. */
  async function sumOverKeys(pattern: string, count: (node: Redis, key: string) => Promise<number>): Promise<number> {
    const redis = cluster.connect();
    try {
      await redis.ping();
      let sum = 0;
      for (const node of redis.nodes('master')) {
        for (const key of await node.keys(pattern)) sum += await count(node, key);
      }
      return sum;
    } finally {
      redis.disconnect();
    }
  }
});
