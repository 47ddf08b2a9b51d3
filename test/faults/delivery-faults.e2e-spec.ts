import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { report, tally } from '../support/delivery-tally';
import { FAST_RECOVERY } from '../support/fault-settings';
import { bodyOf } from '../support/http';
import { startPrivateRedis } from '../support/private-redis';
import { addLines, configureTracking, deliveredAll } from '../support/fault-shoppers';
import { loginAsAdmin, prepareSampleConfig, RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { sampleEnvironment, SampleProcess, startSampleProcess } from '../support/sample-process';
import { TEST_DATABASES } from '../support/test-databases';
import { pause, waitFor } from '../support/wait-for';

const EVENTS = 200;

/**
 * The promise: every event captured for a host operation that succeeded is delivered at least once to
 * every matching target, under a stable idempotency ID — through Redis outages, killed workers,
 * restarts and receivers that fail for a while. Each scenario prints sent / delivered / duplicates / lost.
 */
describe.each(TEST_DATABASES)('Nothing lost ($name)', (database) => {
  let sink: LoopbackReceiver;

  beforeEach(async () => {
    sink = await startLoopbackReceiver();
  });

  afterEach(async () => {
    await sink?.close();
  });

  it('Redis stopped for a few seconds while shoppers keep adding lines: every request succeeds, nothing is lost', async () => {
    const redis = await startPrivateRedis();
    let app: RunningSampleApp | undefined;
    try {
      app = await startSampleApp(database, { redisUrl: redis.url, ...FAST_RECOVERY });
      const buyer = await configureTracking(app.baseUrl, sink);
      let restarted: Promise<void> | undefined;
      const ids = await addLines(EVENTS, buyer, async (added) => {
        if (added === 60) await redis.stop();
        // A few seconds of outage while shopping goes on, then Redis is back.
        if (added === 140) restarted = redis.start();
      });
      await restarted;
      await waitFor('every line delivered', deliveredAll(sink, ids), 60_000);
      const figures = tally(ids, sink);
      report('Redis outage during capture', database.name, figures);
      expect(ids).toHaveLength(EVENTS);
      expect(figures).toMatchObject({ sent: EVENTS, lost: 0, mismatched: 0 });
    } finally {
      await app?.close();
      await redis.close();
    }
  }, 120_000);

  it('a worker process killed mid-stream and restarted: nothing is lost, a duplicate keeps its idempotency ID', async () => {
    const api = await startSampleApp(database, { runWorkers: false, ...FAST_RECOVERY });
    const environment = sampleEnvironment(api.config);
    let worker: SampleProcess | undefined;
    try {
      sink.answerWith({ status: 200, body: '{}', delayMs: 50 });
      const buyer = await configureTracking(api.baseUrl, sink);
      worker = await startSampleProcess(environment, 'worker');
      const ids = await addLines(EVENTS, buyer);
      await waitFor('deliveries under way', () => sink.received.length >= 50, 30_000);
      await worker.kill('SIGKILL');
      worker = await startSampleProcess(environment, 'worker');
      await waitFor('every line delivered', deliveredAll(sink, ids), 60_000);
      const figures = tally(ids, sink);
      report('worker killed mid-stream', database.name, figures);
      expect(figures).toMatchObject({ sent: EVENTS, lost: 0, mismatched: 0 });
    } finally {
      await worker?.kill('SIGTERM');
      await api.close();
    }
  }, 120_000);

  it('the whole app restarted with deliveries queued and in flight: nothing is lost', async () => {
    // The app under test runs as a process of its own, so that it can be killed.
    const prepared = await prepareSampleConfig(database, { ...FAST_RECOVERY });
    const environment = sampleEnvironment(prepared.config);
    let app: SampleProcess | undefined;
    try {
      sink.answerWith({ status: 200, body: '{}', delayMs: 150 });
      app = await startSampleProcess(environment, 'http');
      const buyer = await configureTracking(app.baseUrl!, sink);
      const ids = await addLines(EVENTS, buyer);
      await waitFor('deliveries under way', () => sink.received.length >= 30, 30_000);
      await app.kill('SIGKILL');
      app = await startSampleProcess(environment, 'http');
      await waitFor('every line delivered', deliveredAll(sink, ids), 60_000);
      const figures = tally(ids, sink);
      report('app restarted with deliveries in flight', database.name, figures);
      expect(figures).toMatchObject({ sent: EVENTS, lost: 0, mismatched: 0 });
    } finally {
      await app?.kill('SIGTERM');
      await prepared.cleanUp();
    }
  }, 120_000);

  it('a graceful shutdown (SIGTERM) lets the deliveries in flight finish within the grace period', async () => {
    const prepared = await prepareSampleConfig(database, {
      ...FAST_RECOVERY,
      reliability: { ...FAST_RECOVERY.reliability, shutdownGraceMs: 5_000 },
    });
    let app: SampleProcess | undefined;
    try {
      sink.answerWith({ status: 200, body: '{}', delayMs: 1_000 });
      app = await startSampleProcess(sampleEnvironment(prepared.config), 'http');
      const buyer = await configureTracking(app.baseUrl!, sink);
      const ids = await addLines(10, buyer);
      await waitFor('deliveries in flight', () => sink.received.length >= 1, 30_000);
      const stopping = Date.now();
      await app.kill('SIGTERM');
      const stopMs = Date.now() - stopping;
      const beforeExit = tally(ids, sink).delivered;
      app = await startSampleProcess(sampleEnvironment(prepared.config), 'http');
      await waitFor('the rest delivered after the restart', deliveredAll(sink, ids), 30_000);
      const figures = tally(ids, sink);
      process.stdout.write(
        `[fault] graceful shutdown (${database.name}): stopped in ${stopMs} ms; ${beforeExit} of ${ids.length} delivered before exit, the rest after the restart; duplicates ${figures.duplicates} / lost ${figures.lost}\n`,
      );
      expect(stopMs).toBeLessThan(5_000 + 3_000);
      // The deliveries in flight at SIGTERM finished and were recorded as done: the restarted app sends none again.
      expect(figures).toMatchObject({ sent: ids.length, lost: 0, duplicates: 0 });
    } finally {
      await app?.kill('SIGTERM');
      await prepared.cleanUp();
    }
  }, 120_000);

  it('a receiver answering 500 for a while, then 200: everything is delivered', async () => {
    const app = await startSampleApp(database, { ...FAST_RECOVERY });
    try {
      sink.answerWith({ status: 500, body: 'down' });
      const buyer = await configureTracking(app.baseUrl, sink);
      const ids = await addLines(EVENTS, buyer);
      await pause(2_000);
      sink.answerWith({ status: 200, body: '{}' });
      await waitFor('every line delivered', deliveredAll(sink, ids), 60_000);
      const figures = tally(ids, sink);
      report('receiver 500 then 200', database.name, figures);
      expect(figures).toMatchObject({ sent: EVENTS, lost: 0, mismatched: 0 });
    } finally {
      await app.close();
    }
  }, 120_000);

  it('a receiver answering 400: dead letters, all delivered by a replay through the admin API once it is fixed', async () => {
    const app = await startSampleApp(database, { ...FAST_RECOVERY });
    try {
      sink.answerWith({ status: 400, body: '{"error":"schema"}' });
      const buyer = await configureTracking(app.baseUrl, sink);
      const ids = await addLines(EVENTS, buyer);
      const admin = await loginAsAdmin();
      const api = (method: string, path: string) =>
        fetch(`${app.baseUrl}/v1/integrations${path}`, { method, headers: { authorization: `Bearer ${admin}` } });
      await waitFor(
        'a dead letter per delivery',
        async () => (await bodyOf(await api('GET', '/deadletters?DeliveryConfigID=sink'))).Meta.TotalCount === EVENTS,
        60_000,
      );
      expect(sink.received).toHaveLength(EVENTS);

      sink.answerWith({ status: 200, body: '{}' });
      expect(await bodyOf(await api('POST', '/deadletters/replay?DeliveryConfigID=sink'))).toEqual({ Replayed: EVENTS });
      await waitFor('every line delivered', () => sink.received.length >= 2 * EVENTS, 60_000);
      const figures = tally(ids, sink);
      report('receiver 400, replayed', database.name, figures);
      expect(figures).toMatchObject({ sent: EVENTS, lost: 0, duplicates: 0 });
      // A replay keeps the delivery's idempotency ID.
      expect(new Set(sink.received.slice(EVENTS).map((request) => request.headers['webhook-id']))).toEqual(
        new Set(sink.received.slice(0, EVENTS).map((request) => request.headers['webhook-id'])),
      );
      await waitFor(
        'the dead letters resolved',
        async () => (await bodyOf(await api('GET', '/deadletters?DeliveryConfigID=sink'))).Meta.TotalCount === 0,
      );
    } finally {
      await app.close();
    }
  }, 120_000);

  it('one target down does not delay another', async () => {
    const healthy = await startLoopbackReceiver();
    const app = await startSampleApp(database, { ...FAST_RECOVERY });
    try {
      // The Http receiver hangs past the attempt timeout; Send answers at once.
      sink.answerWith({ status: 200, body: '{}', delayMs: 5_000 });
      const buyer = await configureTracking(app.baseUrl, sink, {
        SendEvent: { SiteID: '3f0c8a4e-6f7b-4a53-9d3e-2c9d8f1b7a10', ServiceEndpoint: healthy.origin },
      });
      const started = Date.now();
      const ids = await addLines(EVENTS, buyer);
      const shoppingMs = Date.now() - started;
      await waitFor('every line at the healthy target', () => healthy.received.length >= EVENTS, 30_000);
      const healthyDoneMs = Date.now() - started;
      const stuck = tally(ids, sink);
      process.stdout.write(
        `[fault] one target down (${database.name}): healthy target received ${healthy.received.length}/${EVENTS} ${healthyDoneMs - shoppingMs} ms after shopping ended (shopping took ${shoppingMs} ms); the hanging target had ${stuck.delivered} of them\n`,
      );
      expect(healthy.received).toHaveLength(EVENTS);
      // The hanging target is nowhere near done: its deliveries did not hold the healthy ones back.
      expect(stuck.delivered).toBeLessThan(EVENTS);
    } finally {
      await app.close();
      await healthy.close();
    }
  }, 120_000);
});
