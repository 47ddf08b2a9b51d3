import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CapturedEvent,
  DeliveryConfigEntity,
  DeliveryConfigsService,
  DeliveryLogService,
  TrackingEventEntity,
  TrackingEventPublisher,
} from '../../src';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { DeliveryLogWriter } from '../../src/operations/delivery-log/delivery-log.writer';
import { IntakeProcessor, RoutingTable } from '../../src/routing';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { startApiAndWorkerHosts, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

/**
 * A worker process that missed a configuration change's notice (its PUBLISH failed in a Redis blip, or
 * its listener was reconnecting) holds a routing snapshot from before the change for up to 30 s. A
 * delivery routed elsewhere with the new configuration must not be skipped on that snapshot's word.
 *
 * The change is written to the database directly, so that no notice is sent; another process (here the
 * API process, through the intake processor every process has) routes with the new configuration.
 */
describe.each(TEST_DATABASES)('A worker that missed a change notice ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let receiver: LoopbackReceiver;
  let api: TestHost;
  let worker: TestHost;
  const queuePrefix = uniqueQueuePrefix();

  beforeAll(async () => {
    instance = await database.create();
    receiver = await startLoopbackReceiver();
    ({ api, worker } = await startApiAndWorkerHosts(instance, queuePrefix, receiver.origin));
    // The worker routes and delivers an event: its snapshot now holds the configuration as it was set up.
    await api.app.get(TrackingEventPublisher).publish('LineItemAdded', { OrderID: 'o-warm', LineItem: line('o-warm') });
    await waitFor('the first delivery', () => receiver.received.length === 1);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await receiver?.close();
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  const line = (orderId: string) => ({ ID: `${orderId}-l1`, ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 });

  /** Routes an event in the API process, with the configuration in the database now, and queues its deliveries. */
  const routeInApi = async (event: CapturedEvent) => {
    api.app.get(RoutingTable).invalidate();
    return (await api.app.get(IntakeProcessor).process(event)).deliveryIds;
  };

  /** The delivery log's entries of an order's delivery, once there is one. */
  const outcomeOf = (orderId: string) =>
    waitFor(`the attempt of ${orderId}`, async () => {
      await worker.app.get(DeliveryLogWriter).flush();
      const attempts = await api.app.get(DeliveryLogService).list({ OrderID: orderId });
      return attempts.Items.length > 0 && attempts.Items.map((entry) => [entry.Outcome, entry.Detail]);
    });

  const context = { ClientID: 'storefront', UserID: 'buyer01', Currency: 'USD' };

  it('delivers to a TrackingEvent its snapshot does not know yet', async () => {
    await api.app.get(DataSource).getRepository(TrackingEventEntity).save({
      id: 'submits',
      eventType: 'OrderSubmitted',
      clientId: 'storefront',
      name: 'Submits',
      deliveryConfigId: 'webhook',
      configData: null,
    });
    expect((await worker.app.get(RoutingTable).snapshot()).trackingEvent('submits')).toBeUndefined();

    api.shop.lines.set('o-new-event', [line('o-new-event')]);
    const before = receiver.received.length;
    const deliveryIds = await routeInApi({
      ID: randomUUID(),
      EventType: 'OrderSubmitted',
      OccurredAt: new Date().toISOString(),
      Context: context,
      Subject: { OrderID: 'o-new-event' },
    });
    expect(deliveryIds).toHaveLength(1);

    // Not a skip ("TrackingEvent submits no longer exists"): the worker read the configuration again.
    expect(await outcomeOf('o-new-event')).toEqual([['Delivered', null]]);
    expect(receiver.received.length).toBe(before + 1);
  });

  it('delivers through a DeliveryConfig enabled again, which its snapshot holds as disabled', async () => {
    await api.app.get(DeliveryConfigsService).patch('webhook', { Enabled: false });
    await waitFor(
      'the worker to see the config disabled',
      async () => (await worker.app.get(RoutingTable).snapshot()).deliveryConfig('webhook')?.enabled === false,
    );
    await api.app.get(DataSource).getRepository(DeliveryConfigEntity).update({ id: 'webhook' }, { enabled: true });
    expect((await worker.app.get(RoutingTable).snapshot()).deliveryConfig('webhook')?.enabled).toBe(false);

    const before = receiver.received.length;
    const deliveryIds = await routeInApi({
      ID: randomUUID(),
      EventType: 'LineItemAdded',
      OccurredAt: new Date().toISOString(),
      Context: context,
      Subject: { OrderID: 'o-enabled-again', LineItem: line('o-enabled-again') },
    });
    expect(deliveryIds).toHaveLength(1);

    // Not a skip ("DeliveryConfig webhook is disabled").
    expect(await outcomeOf('o-enabled-again')).toEqual([['Delivered', null]]);
    expect(receiver.received.length).toBe(before + 1);
  });

  it('still skips a delivery whose TrackingEvent is gone once the configuration is read again', async () => {
    const trackingEvents = api.app.get(DataSource).getRepository(TrackingEventEntity);
    await trackingEvents.save({
      id: 'brief',
      eventType: 'LineItemUpdated',
      clientId: 'storefront',
      name: 'Brief',
      deliveryConfigId: 'webhook',
      configData: null,
    });
    // The API process reads the configuration with the TrackingEvent, which is then removed: it routes with a stale snapshot.
    api.app.get(RoutingTable).invalidate();
    expect((await api.app.get(RoutingTable).snapshot()).trackingEvent('brief')).toBeDefined();
    await trackingEvents.delete({ id: 'brief' });

    const before = receiver.received.length;
    const { deliveryIds } = await api.app.get(IntakeProcessor).process({
      ID: randomUUID(),
      EventType: 'LineItemUpdated',
      OccurredAt: new Date().toISOString(),
      Context: context,
      Subject: { OrderID: 'o-removed', LineItem: line('o-removed'), PreviousQuantity: 2 },
    });
    expect(deliveryIds).toHaveLength(1);

    expect(await outcomeOf('o-removed')).toEqual([['Skipped', 'TrackingEvent brief no longer exists']]);
    expect(receiver.received.length).toBe(before);
  });
});
