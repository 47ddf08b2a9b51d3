import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DeliveryConfigsService, TrackingEventPublisher, TrackingEventsService } from '../../src';
import { CAPTURE_STREAM_GROUP, CaptureStream, MAX_EVENTS_PER_ENTRY } from '../../src/capture/stream';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { TargetQueues, targetQueueName } from '../../src/queues';
import { LibraryRedis } from '../../src/redis';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const LINE = { ID: 'l1', ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 };

/**
 * Captured events go to the capture stream in Redis; the routers of the worker processes route them
 * from there in batches. Only Redis is involved: one database suffices.
 */
describe('The capture stream and its routers', () => {
  const [database] = TEST_DATABASES;
  let instance: TestDatabaseInstance;
  let receiver: LoopbackReceiver;
  let redis: Redis;
  const hosts: TestHost[] = [];
  const prefixes: string[] = [];

  /** A host on a queue prefix of its own; the first of a prefix sets up a webhook for LineItemAdded. */
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
  /** The event IDs the receiver got, each as often as it got it. */
  const deliveredEventIds = () => receiver.received.map((request) => String(request.headers['webhook-id']).replace(/-adds-Http$/, ''));
  const eventsIn = async (key: string) => (await redis.xrange(key, '-', '+')).reduce((total, [, fields]) => total + fields.length / 2, 0);

  beforeAll(async () => {
    instance = await database.create();
    receiver = await startLoopbackReceiver();
    redis = new Redis(REDIS_URL);
    const setup = await startTestHost(instance, { queuePrefix: newPrefix(), workers: false });
    await setup.app
      .get(DeliveryConfigsService)
      .create({ ID: 'webhook', Name: 'Webhook', DeliveryTargets: { Http: { Endpoint: `${receiver.origin}/in`, Secret: 's' } } });
    await setup.app
      .get(TrackingEventsService)
      .create({ ID: 'adds', EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'webhook' });
    await setup.close();
  });

  beforeEach(() => {
    receiver.received.length = 0;
  });

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((started) => started.close()));
  });

  afterAll(async () => {
    redis.disconnect();
    await receiver?.close();
    await instance?.drop();
    await Promise.all(prefixes.map((prefix) => deleteQueueKeys(prefix)));
  });

  it('keeps what an API process captures until a worker process starts, which then delivers all of it', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const eventIds = [await publish(api, 'o1'), await publish(api, 'o2')];
    const key = api.app.get(CaptureStream).key;
    expect(await redis.xlen(key)).toBe(2);

    await host(true, prefix);
    await waitFor('both deliveries', () => receiver.received.length === 2);
    expect(deliveredEventIds().sort()).toEqual([...eventIds].sort());
    expect(await redis.xlen(key)).toBe(0);
  });

  it('writes a burst of captures in entries of bounded size, and delivers each event once', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const count = MAX_EVENTS_PER_ENTRY * 2 + 37;
    const eventIds = await Promise.all(Array.from({ length: count }, (_, n) => publish(api, `burst-${n}`)));
    const key = api.app.get(CaptureStream).key;
    const entries = await redis.xrange(key, '-', '+');
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...entries.map(([, fields]) => fields.length / 2))).toBeLessThanOrEqual(MAX_EVENTS_PER_ENTRY);
    expect(await eventsIn(key)).toBe(count);

    await host(true, prefix);
    await waitFor('every delivery', () => receiver.received.length >= count, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deliveredEventIds().sort()).toEqual([...eventIds].sort());
  });

  it('routes an event that reached the stream twice once', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const eventId = await publish(api, 'o-twice');
    const key = api.app.get(CaptureStream).key;
    const [[, fields]] = await redis.xrange(key, '-', '+');
    await redis.xadd(key, '*', ...fields);

    const worker = await host(true, prefix);
    expect(await worker.routedDeliveryIds(eventId)).toEqual([`${eventId}-adds-Http`]);
    await waitFor('the delivery', () => receiver.received.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deliveredEventIds()).toEqual([eventId]);
  });

  it('queues nothing when entries are routed again, though their batch job has left Redis', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const eventId = await publish(api, 'o-again');
    const key = api.app.get(CaptureStream).key;
    const [[entryId]] = await redis.xrange(key, '-', '+');
    const worker = await host(true, prefix);
    await waitFor('the delivery', () => receiver.received.length === 1);
    const [delivery] = await worker.routedDeliveries();
    // The batch job goes, as the retention of completed batches removes it; its entries are routed again.
    const batchJobId = `${entryId}_${entryId}-Http-0`;
    const queue = new Queue(targetQueueName('Http'), { connection: { url: REDIS_URL }, prefix });
    try {
      await waitFor('the batch to complete', async () => (await queue.getJobState(batchJobId)) === 'completed');
      await redis.zrem(`${prefix}:${targetQueueName('Http')}:completed`, batchJobId);
      await redis.del(`${prefix}:${targetQueueName('Http')}:${batchJobId}`);
      await worker.app.get(TargetQueues).enqueueBatches([delivery], `${entryId}_${entryId}`);

      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(deliveredEventIds()).toEqual([eventId]);
      expect(await queue.getJob(batchJobId)).toBeUndefined();
    } finally {
      await queue.close();
    }
  });

  it('takes over the entries of a router that died before it queued them', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const eventId = await publish(api, 'o-orphan');
    const key = api.app.get(CaptureStream).key;
    // A router reads the entry, then dies: the entry stays pending for it.
    await redis.xgroup('CREATE', key, CAPTURE_STREAM_GROUP, '0');
    const read = (await redis.xreadgroup('GROUP', CAPTURE_STREAM_GROUP, 'dead-router', 'COUNT', 10, 'STREAMS', key, '>')) as unknown[];
    expect(read).toHaveLength(1);

    await host(true, prefix);
    await waitFor('the delivery', () => receiver.received.length === 1);
    expect(deliveredEventIds()).toEqual([eventId]);
    await waitFor('the entry to be removed', async () => (await redis.xlen(key)) === 0);
    expect(await redis.xpending(key, CAPTURE_STREAM_GROUP)).toEqual([0, null, null, null]);
  });

  it('logs an unreadable entry whole and routes the ones after it', async () => {
    const prefix = newPrefix();
    const worker = await host(true, prefix);
    const key = worker.app.get(CaptureStream).key;
    const errors: string[] = [];
    worker.app.useLogger({ error: (message: string) => errors.push(message), log: () => undefined, warn: () => undefined });
    await redis.xadd(key, '*', 'event', '{not json');
    const eventId = await publish(worker, 'o-after');
    await waitFor('the delivery', () => receiver.received.length === 1);
    expect(deliveredEventIds()).toEqual([eventId]);
    await waitFor('the unreadable entry to be logged', () => errors.some((message) => message.includes('{not json')));
    expect(await redis.xlen(key)).toBe(0);
  });

  it('lets the batch in hand reach the queues when its process shuts down', async () => {
    const prefix = newPrefix();
    const api = await host(false, prefix);
    const worker = await host(true, prefix);
    const eventIds = await Promise.all(Array.from({ length: 200 }, (_, n) => publish(api, `shutdown-${n}`)));
    await worker.close();
    hosts.splice(hosts.indexOf(worker), 1);
    const key = api.app.get(CaptureStream).key;
    // Each event is routed or still in the stream for the next router; no entry is left half-routed.
    const routed = new Set((await api.routedDeliveries({ waitForStream: false })).map((delivery) => delivery.eventId));
    expect(eventIds.filter((eventId) => routed.has(eventId)).length + (await eventsIn(key))).toBe(eventIds.length);
    expect((await redis.xpending(key, CAPTURE_STREAM_GROUP))[0]).toBe(0);
  });

  it("ends an idle router's blocking read when its process shuts down, instead of waiting it out", async () => {
    const clientId = (client: string) => /\bid=(\d+)/.exec(client)?.[1];
    const clientsBefore = new Set(((await redis.client('LIST')) as string).split('\n').map(clientId));
    const worker = await host(true, newPrefix());
    // This router's connection (not one another process opened), waiting on its read of the empty stream (flag b: blocked).
    const blockedReader = async () =>
      ((await redis.client('LIST')) as string)
        .split('\n')
        .find(
          (client) =>
            !clientsBefore.has(clientId(client)) && client.includes('name=tracking-events-capture-router') && / flags=\S*b/.test(client),
        );
    const reader = await waitFor('the router to wait on its read', blockedReader);
    const readerId = Number(clientId(reader));
    const commands = jest.spyOn(worker.app.get(LibraryRedis).client, 'client');

    await worker.close();
    hosts.splice(hosts.indexOf(worker), 1);

    const calls = commands.mock.calls as unknown[][];
    const unblock = calls.findIndex(([command]) => command === 'UNBLOCK');
    expect(calls[unblock]).toEqual(['UNBLOCK', readerId]);
    // 1: the read was waiting, and Redis ended it.
    await expect(commands.mock.results[unblock].value).resolves.toBe(1);
  });
});
