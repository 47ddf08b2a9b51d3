import { Job } from 'bullmq';
import Redis from 'ioredis';
import { TrackingEventPublisher } from '../../src';
import { CAPTURE_STREAM_GROUP, CaptureStream, MAX_EVENTS_PER_ENTRY } from '../../src/capture/stream';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const LINE = { ID: 'l1', ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 };

/**
 * Captured events go to the capture stream in Redis; the relays of the worker processes move them
 * to the intake queue. Only Redis is involved: one database suffices.
 */
describe('The capture stream and its relays', () => {
  const [database] = TEST_DATABASES;
  let instance: TestDatabaseInstance;
  let redis: Redis;
  const hosts: TestHost[] = [];
  const prefixes: string[] = [];

  const host = async (workers: boolean, queuePrefix: string) => {
    const started = await startTestHost(instance, { queuePrefix, workers, reliability: { lockDurationMs: 1_000 } });
    hosts.push(started);
    return started;
  };
  const newPrefix = () => {
    const prefix = uniqueQueuePrefix();
    prefixes.push(prefix);
    return prefix;
  };
  const publish = (api: TestHost, orderId: string) =>
    api.app.get(TrackingEventPublisher).publish('LineItemAdded', { OrderID: orderId, LineItem: LINE }) as Promise<string>;
  const routed = (worker: TestHost, eventId: string) =>
    waitFor(`event ${eventId} on the intake queue, routed`, async () => (await Job.fromId(worker.intakeQueue, eventId))?.finishedOn);

  beforeAll(async () => {
    instance = await database.create();
    redis = new Redis(REDIS_URL);
  });

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((started) => started.close()));
  });

  afterAll(async () => {
    redis.disconnect();
    await instance?.drop();
    await Promise.all(prefixes.map((prefix) => deleteQueueKeys(prefix)));
  });

  it('keeps what an API process captures until a worker process starts, which then relays all of it', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const eventIds = [await publish(api, 'o1'), await publish(api, 'o2')];
    const key = api.app.get(CaptureStream).key;
    expect(await redis.xlen(key)).toBe(2);
    expect(await Job.fromId(api.intakeQueue, eventIds[0])).toBeUndefined();

    const worker = await host(true, prefix);
    for (const eventId of eventIds) await routed(worker, eventId);
    await waitFor('the stream to be emptied', async () => (await redis.xlen(key)) === 0);
  });

  it('writes a burst of captures in entries of bounded size, and queues each event once', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const count = MAX_EVENTS_PER_ENTRY * 2 + 37;
    const eventIds = await Promise.all(Array.from({ length: count }, (_, n) => publish(api, `burst-${n}`)));
    const key = api.app.get(CaptureStream).key;
    const entries = (await redis.xrange(key, '-', '+')) as Array<[string, string[]]>;
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...entries.map(([, fields]) => fields.length / 2))).toBeLessThanOrEqual(MAX_EVENTS_PER_ENTRY);
    expect(entries.reduce((total, [, fields]) => total + fields.length / 2, 0)).toBe(count);

    const worker = await host(true, prefix);
    await waitFor('every event routed', async () => (await worker.intakeQueue.getJobCountByTypes('completed')) === count, 30_000);
    await waitFor('the stream to be emptied', async () => (await redis.xlen(key)) === 0);
    const queued = await worker.intakeQueue.getJobs(['completed'], 0, count);
    expect(new Set(queued.map((job) => job.id))).toEqual(new Set(eventIds));
  });

  it('takes over the entries of a relay that died before it queued them', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const eventId = await publish(api, 'o-orphan');
    const key = api.app.get(CaptureStream).key;
    // A relay reads the entry, then dies: the entry stays pending for it.
    await redis.xgroup('CREATE', key, CAPTURE_STREAM_GROUP, '0');
    const read = (await redis.xreadgroup('GROUP', CAPTURE_STREAM_GROUP, 'dead-relay', 'COUNT', 10, 'STREAMS', key, '>')) as unknown[];
    expect(read).toHaveLength(1);

    const worker = await host(true, prefix);
    await routed(worker, eventId);
    expect(await redis.xlen(key)).toBe(0);
    expect(await redis.xpending(key, CAPTURE_STREAM_GROUP)).toEqual([0, null, null, null]);
  });

  it('logs an unreadable entry whole and relays the ones after it', async () => {
    const prefix = newPrefix();
    const worker = await host(true, prefix);
    const key = worker.app.get(CaptureStream).key;
    const errors: string[] = [];
    const logger = { error: (message: string) => errors.push(message), log: () => undefined, warn: () => undefined };
    worker.app.useLogger(logger);
    await redis.xadd(key, '*', 'event', '{not json');
    const eventId = await publish(worker, 'o-after');
    await routed(worker, eventId);
    await waitFor('the unreadable entry to be logged', () => errors.some((message) => message.includes('{not json')));
    expect(await redis.xlen(key)).toBe(0);
  });

  it('lets the batch in hand reach the intake queue when its process shuts down', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const worker = await host(true, prefix);
    const eventIds = await Promise.all(Array.from({ length: 200 }, (_, n) => publish(api, `shutdown-${n}`)));
    await worker.close();
    hosts.splice(hosts.indexOf(worker), 1);
    const key = api.app.get(CaptureStream).key;
    const queued = (await Promise.all(eventIds.map((eventId) => Job.fromId(api.intakeQueue, eventId)))).filter(Boolean).length;
    const inStream = (await redis.xrange(key, '-', '+')).reduce((total, [, fields]) => total + fields.length / 2, 0);
    // Each event is on the intake queue or still in the stream for the next relay; no entry is left half-relayed.
    expect(queued + inStream).toBe(eventIds.length);
    expect((await redis.xpending(key, CAPTURE_STREAM_GROUP))[0]).toBe(0);
  });
});
