import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  type CapturedEvent,
  DeadLettersService,
  DeliveryAttemptEntity,
  DeliveryConfigsService,
  IdentityStitcher,
  type LineItemSnapshot,
  TrackingEventPublisher,
  TrackingEventsService,
  UserErasureService,
} from '../../src';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { deliveryAttemptRow } from '../../src/operations/delivery-log/delivery-attempt.fixtures';
import { DeliveryLogWriter } from '../../src/operations/delivery-log/delivery-log.writer';
import { intakeJobOf, targetQueueName } from '../../src/queues';
import { TRACKING_EVENTS_DEFAULTS } from '../../src/options/tracking-events-settings';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const ERASED = { id: 'erin.erased', anonymousId: 'beacon-erin-qz', email: 'erin.erased@example.com', orderId: 'order-e-1' };
const KEPT = { id: 'kim.kept', anonymousId: 'beacon-kim-qz', email: 'kim.kept@example.com', orderId: 'order-k-1' };
type Shopper = typeof ERASED;

const line = (orderId: string): LineItemSnapshot => ({
  ID: `${orderId}-mug`,
  ProductID: 'mug',
  Quantity: 1,
  UnitPrice: 8,
  LineSubtotal: 8,
  LineTotal: 8,
});

/** Where a text is stored: a table of the host's database, or a Redis key under the test's prefix, named by its place. */
interface Stored {
  place: string;
  text: string;
}

/** Every row of every table, and every Redis key under the prefix whatever its type, as text. */
async function everythingStored(dataSource: DataSource, redis: Redis, queuePrefix: string): Promise<Stored[]> {
  const stored: Stored[] = [];
  for (const { tableName, target } of dataSource.entityMetadatas) {
    const rows = await dataSource.createQueryBuilder().select('*').from(target, 'row').getRawMany();
    for (const row of rows) stored.push({ place: tableName, text: JSON.stringify(row) });
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) stored.push({ place: placeOfKey(key), text: JSON.stringify(await valueOf(redis, key)) });
  } while (cursor !== '0');
  return stored;
}

/** `<prefix>:tracking-events-target-http:<job>` → `tracking-events-target-http`; `<prefix>:tracking-events:captured` → `tracking-events:captured`. */
function placeOfKey(key: string): string {
  const parts = key.split(':');
  return parts[1] === 'tracking-events' ? parts.slice(1, 3).join(':') : parts[1];
}

async function valueOf(redis: Redis, key: string): Promise<unknown> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return redis.get(key);
    case 'hash':
      return redis.hgetall(key);
    case 'list':
      return redis.lrange(key, 0, -1);
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, 0, -1, 'WITHSCORES');
    case 'stream':
      return redis.xrange(key, '-', '+');
    case 'none':
      return null;
    default:
      throw new Error(`Redis key ${key} has a type this test does not read: ${type}`);
  }
}

/** The places a text is found in, each once, sorted. */
const placesOf = (stored: Stored[], text: string) =>
  [...new Set(stored.filter((entry) => entry.text.includes(text)).map(({ place }) => place))].sort();

/** How many times a text is found, all places together. */
const occurrences = (stored: Stored[], text: string) => stored.reduce((count, entry) => count + entry.text.split(text).length - 1, 0);

/**
 * `forgetUser` erases a user, anonymous history included, from every table and every Redis key the
 * library writes, and leaves another user's data where it was, still delivered.
 */
describe.each(TEST_DATABASES)('Erasing a user ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let rejecting: LoopbackReceiver;
  let unavailable: LoopbackReceiver;
  let accepting: LoopbackReceiver;
  let redis: Redis;
  let httpQueue: Queue;
  const hosts: TestHost[] = [];
  const queuePrefix = uniqueQueuePrefix();

  /** A host on the test's database and prefix; `workers: false` captures only, leaving the stream, outbox and queues as they are. */
  const startHost = async (workers: boolean) => {
    const host = await startTestHost(instance, {
      queuePrefix,
      workers,
      networkPolicy: { allowPrivateNetworks: true },
      // A retry waits ten minutes: the deliveries answered 503 stay in the queue as delayed jobs.
      delivery: { retryScheduleMs: [600_000], timeoutMs: 2000 },
      reliability: { outboxRelayIntervalMs: 100 },
    });
    hosts.push(host);
    host.context.current = null;
    const owners = new Map([ERASED, KEPT].map((shopper) => [shopper.orderId, shopper.id]));
    const getOrder = host.shop.getOrder.bind(host.shop);
    host.shop.getOrder = async (orderId) => ({ ...(await getOrder(orderId)), FromUserID: owners.get(orderId) ?? 'buyer01' });
    for (const [shopper, name] of [
      [ERASED, 'Erin'],
      [KEPT, 'Kim'],
    ] as const) {
      host.shop.users.set(shopper.id, { ID: shopper.id, FirstName: name, LastName: 'Shopper', Email: shopper.email, Locale: 'en-US' });
    }
    return host;
  };
  const closeHost = async (host: TestHost) => {
    hosts.splice(hosts.indexOf(host), 1);
    await host.close();
  };
  const publish = (host: TestHost, shopper: Shopper, type: 'LineItemAdded' | 'OrderSubmitted', options: { anonymous?: boolean } = {}) => {
    const { orderId } = shopper;
    const context = options.anonymous
      ? { ClientID: 'storefront', AnonymousID: shopper.anonymousId }
      : { ClientID: 'storefront', UserID: shopper.id };
    const publisher = host.app.get(TrackingEventPublisher);
    return type === 'LineItemAdded'
      ? publisher.publish(type, { OrderID: orderId, LineItem: line(orderId) }, { context })
      : publisher.publish(type, { OrderID: orderId }, { context });
  };
  /** Both shoppers do the same thing in the same turn of the event loop: their events share capture entries and batch jobs. */
  const both = <T>(action: (shopper: Shopper) => Promise<T>) => Promise.all([ERASED, KEPT].map(action));
  const stored = () => everythingStored(hosts[0].app.get(DataSource), redis, queuePrefix);

  beforeAll(async () => {
    instance = await database.create();
    [rejecting, unavailable, accepting] = await Promise.all([startLoopbackReceiver(), startLoopbackReceiver(), startLoopbackReceiver()]);
    redis = new Redis(REDIS_URL);
    httpQueue = new Queue(targetQueueName('Http'), { connection: { url: REDIS_URL }, prefix: queuePrefix });
  });

  afterAll(async () => {
    for (const host of [...hosts]) await host.close();
    await httpQueue?.close();
    redis?.disconnect();
    await Promise.all([rejecting, unavailable, accepting].map((receiver) => receiver?.close()));
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it('erases the user from every table and Redis key, and leaves the other user stored and delivered', async () => {
    // 1. Shopping through workers: dead letters (400), delayed retries (503), completed batches (200), the delivery log.
    const worker = await startHost(true);
    const configs = worker.app.get(DeliveryConfigsService);
    const trackingEvents = worker.app.get(TrackingEventsService);
    for (const [id, receiver, eventType] of [
      ['rejecting', rejecting, 'LineItemAdded'],
      ['unavailable', unavailable, 'OrderSubmitted'],
      ['accepting', accepting, 'UserLoggedIn'],
    ] as const) {
      await configs.create({ ID: id, Name: id, DeliveryTargets: { Http: { Endpoint: `${receiver.origin}/in`, Secret: 's' } } });
      await trackingEvents.create({ ID: `${id}-events`, EventType: eventType, ClientID: 'storefront', Name: id, DeliveryConfigID: id });
    }
    rejecting.answerWith({ status: 400, body: 'rejected' });
    unavailable.answerWith({ status: 503, body: 'later' });

    await both((shopper) => publish(worker, shopper, 'LineItemAdded', { anonymous: true }));
    await both((shopper) => worker.app.get(IdentityStitcher).stitch(shopper.anonymousId, shopper.id, { ClientID: 'storefront' }));
    await both((shopper) => publish(worker, shopper, 'LineItemAdded'));
    await both((shopper) => publish(worker, shopper, 'OrderSubmitted'));
    await waitFor('4 dead letters', async () => (await worker.app.get(DeadLettersService).list({})).Meta.TotalCount === 4);
    await waitFor('the 2 logins delivered', () => accepting.received.length === 2);
    await waitFor('2 delayed retries', async () => (await httpQueue.getDelayedCount()) === 2);
    await closeHost(worker);

    // 2. Captured while no worker runs: capture stream entries (one shared by both shoppers), outbox rows, intake jobs.
    const api = await startHost(false);
    await both((shopper) => publish(api, shopper, 'LineItemAdded'));
    await both((shopper) => publish(api, shopper, 'LineItemAdded', { anonymous: true }));
    const publisher = api.app.get(TrackingEventPublisher);
    await api.app
      .get(DataSource)
      .transaction((manager) =>
        both((shopper) =>
          publisher.publish(
            'LineItemAdded',
            { OrderID: shopper.orderId, LineItem: line(shopper.orderId) },
            { context: { ClientID: 'storefront', UserID: shopper.id }, transaction: manager },
          ),
        ),
      );
    await both((shopper) => {
      const event: CapturedEvent = {
        ID: randomUUID(),
        EventType: 'LineItemAdded',
        OccurredAt: new Date().toISOString(),
        Context: { ClientID: 'storefront', AnonymousID: shopper.anonymousId },
        Subject: { OrderID: shopper.orderId, LineItem: line(shopper.orderId) },
      };
      const job = intakeJobOf(event, TRACKING_EVENTS_DEFAULTS.jobRetention);
      return api.intakeQueue.add(job.name, job.data, job.opts);
    });

    // The intake jobs are of anonymous events: they hold the anonymous IDs only. Captured events hold no e-mail.
    const places = {
      ids: [
        'oc_dead_letters',
        'oc_delivery_attempts',
        'oc_event_outbox',
        'oc_identity_links',
        'tracking-events-target-http',
        'tracking-events:captured',
      ],
      anonymousIds: [
        'oc_dead_letters',
        'oc_delivery_attempts',
        'oc_identity_links',
        'tracking-events-intake',
        'tracking-events-target-http',
        'tracking-events:captured',
      ],
      emails: ['oc_dead_letters', 'tracking-events-target-http'],
    };
    const before = await stored();
    for (const shopper of [ERASED, KEPT]) {
      expect(placesOf(before, shopper.id)).toEqual(places.ids.sort());
      expect(placesOf(before, shopper.anonymousId)).toEqual(places.anonymousIds.sort());
      expect(placesOf(before, shopper.email)).toEqual(places.emails.sort());
    }

    // 3. The erasure.
    const report = await api.app.get(UserErasureService).forgetUser(ERASED.id);
    expect(report).toEqual({
      IdentityLinks: 1,
      OutboxEvents: 1,
      CapturedEvents: 2,
      // The intake job, the delayed retry, and the batch jobs that held only the erased user's deliveries.
      Jobs: expect.any(Number),
      // The shoppers' events were routed together: batch jobs hold both, and keep the other's.
      BatchedDeliveries: expect.any(Number),
      DeadLetters: 2,
      // The first attempts: 2 rejected, 1 login delivered, 1 order answered 503.
      DeliveryAttempts: 4,
      JobsInProgress: 0,
    });
    expect(report.Jobs).toBeGreaterThanOrEqual(2);
    expect(report.BatchedDeliveries).toBeGreaterThan(0);

    const after = await stored();
    for (const value of [ERASED.id, ERASED.anonymousId, ERASED.email]) expect(placesOf(after, value)).toEqual([]);
    for (const value of [KEPT.id, KEPT.anonymousId, KEPT.email]) {
      expect(placesOf(after, value)).toEqual(placesOf(before, value));
      expect(occurrences(after, value)).toBe(occurrences(before, value));
    }

    // 4. The workers again: what the other shopper has in the stream, the outbox, the intake queue and the delayed retry is delivered.
    await closeHost(api);
    rejecting.received.length = 0;
    unavailable.received.length = 0;
    rejecting.answerWith({ status: 200, body: '{}' });
    unavailable.answerWith({ status: 200, body: '{}' });
    const workers = await startHost(true);
    await httpQueue.promoteJobs();
    await waitFor('the stream, outbox and intake events of the kept shopper', () => rejecting.received.length === 4);
    await waitFor('the retry of the kept shopper', () => unavailable.received.length === 1);
    for (const request of [...rejecting.received, ...unavailable.received]) {
      const body = request.body.toString();
      expect(body.includes(KEPT.id) || body.includes(KEPT.anonymousId)).toBe(true);
      for (const value of [ERASED.id, ERASED.anonymousId, ERASED.email]) expect(body).not.toContain(value);
    }

    // 5. The user comes back on a new browser and is forgotten again. A delivery of that browser's anonymous event,
    // in no stream, queue or table but the log (its job long removed), is found by the anonymous ID alone.
    const newBeacon = 'beacon-erin-second';
    await workers.app.get(IdentityStitcher).stitch(newBeacon, ERASED.id, { ClientID: 'storefront' });
    const log = workers.app.get(DataSource).getRepository(DeliveryAttemptEntity);
    const stale = deliveryAttemptRow({ eventId: randomUUID(), anonymousId: newBeacon });
    await log.insert(stale);
    expect((await workers.app.get(UserErasureService).forgetUser(ERASED.id)).DeliveryAttempts).toBeGreaterThanOrEqual(1);
    expect(await log.countBy({ id: stale.id })).toBe(0);
    expect(await log.countBy({ anonymousId: newBeacon })).toBe(0);

    // 6. A user ID longer than the log's column (a host's own IDs may be) is logged cut at 100 characters, and found so.
    const longUserId = `${'l'.repeat(99)}😀-and-more`;
    const cut = deliveryAttemptRow({ eventId: randomUUID(), userId: longUserId });
    const writer = workers.app.get(DeliveryLogWriter);
    writer.record(cut);
    await writer.flush();
    expect(await log.countBy({ id: cut.id })).toBe(1);
    expect((await workers.app.get(UserErasureService).forgetUser(longUserId)).DeliveryAttempts).toBe(1);
    expect(await log.countBy({ id: cut.id })).toBe(0);
  });
});
