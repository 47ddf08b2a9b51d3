import { DeliveryConfigsService, IdentityStitcher, TrackingEventPublisher } from '../../src';
import { CaptureStream } from '../../src/capture/stream';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import Redis from 'ioredis';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';
import { startApiAndWorkerHosts, startTestHost, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

/**
 * An API process (admin API, capture, no workers) and a worker process share one database and one
 * Redis: a configuration change made through the API process takes effect in the worker process.
 */
describe.each(TEST_DATABASES)('Configuration shared by an API process and a worker process ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let receiver: LoopbackReceiver;
  let api: TestHost;
  let worker: TestHost;
  const queuePrefix = uniqueQueuePrefix();

  beforeAll(async () => {
    instance = await database.create();
    receiver = await startLoopbackReceiver();
    ({ api, worker } = await startApiAndWorkerHosts(instance, queuePrefix, receiver.origin));
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await receiver?.close();
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  /** Captures an event in the API process; the worker process routes it. */
  const captureInApi = async () => {
    const line = { ID: 'l1', ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 };
    const eventId = (await api.app.get(TrackingEventPublisher).publish('LineItemAdded', { OrderID: 'o1', LineItem: line }))!;
    return worker.routedDeliveryIds(eventId);
  };

  it('routes with the configuration the API process wrote, and follows its changes', async () => {
    expect(await captureInApi()).toHaveLength(1);
    await waitFor('the delivery', () => receiver.received.length === 1);

    await api.app.get(DeliveryConfigsService).patch('webhook', { Enabled: false });
    await waitFor('the worker to see the config disabled', async () => (await captureInApi()).length === 0);

    await api.app.get(DeliveryConfigsService).patch('webhook', { Enabled: true });
    await waitFor('the worker to see the config enabled again', async () => (await captureInApi()).length === 1);
  });

  it('hydrates in the worker process with identity links recorded in the API process', async () => {
    await api.app.get(IdentityStitcher).stitch('beacon-shared', 'buyer01', { ClientID: 'pos' });
    api.context.current = { ClientID: 'storefront', UserID: 'buyer01' };
    const before = receiver.received.length;
    await api.app.get(TrackingEventPublisher).publish('LineItemAdded', {
      OrderID: 'o2',
      LineItem: { ID: 'l2', ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 },
    });
    const [request] = await waitFor('the delivery', () => receiver.received.length === before + 1 && receiver.received.slice(before));
    expect(JSON.parse(request.body.toString()).Payload.UserContext).toEqual({ ID: 'buyer01', AnonymousId: 'beacon-shared' });
  });

  it('keeps the captured events in the Redis database the URL names', async () => {
    const prefix = uniqueQueuePrefix();
    const other = await startTestHost(instance, { queuePrefix: prefix, redis: `${REDIS_URL}/3`, workers: false });
    const db3 = new Redis(`${REDIS_URL}/3`);
    const db0 = new Redis(`${REDIS_URL}/0`);
    try {
      await other.app.get(TrackingEventPublisher).publish('OrderSubmitted', { OrderID: 'o1' });
      const streamKey = other.app.get(CaptureStream).key;
      expect(await db3.xlen(streamKey)).toBe(1);
      expect(await db0.exists(streamKey)).toBe(0);
    } finally {
      await other.close();
      await deleteQueueKeys(prefix, `${REDIS_URL}/3`);
      db3.disconnect();
      db0.disconnect();
    }
  });
});
