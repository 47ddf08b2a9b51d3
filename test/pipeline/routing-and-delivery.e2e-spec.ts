import { getQueueToken } from '@nestjs/bullmq';
import { DataSource } from 'typeorm';
import { Job, Queue } from 'bullmq';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  CapturedEvent,
  DeadLettersService,
  DeliveryConfigsService,
  IdentityStitcher,
  InvalidIdentityError,
  OutboxEventEntity,
  TrackingEventPublisher,
  TrackingEventsService,
  targetQueueName,
  UserErasureService,
} from '../../src';
import { IntakeRecorder } from '../../src/capture/intake-recorder';
import { startLoopbackReceiver, LoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestCartService, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { pause, waitFor } from '../support/wait-for';

const SECRET = 'pipeline-secret';

describe.each(TEST_DATABASES)('Routing and delivery through the queues ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let receiver: LoopbackReceiver;
  let host: TestHost;
  const queuePrefix = uniqueQueuePrefix();

  const httpTarget = () => ({ Http: { Endpoint: `${receiver.origin}/hooks/tracking`, Secret: SECRET } });
  const httpQueue = () => host.app.get<Queue>(getQueueToken(targetQueueName('Http')), { strict: false });
  const deliveryJob = (deliveryId: string) =>
    waitFor(`delivery ${deliveryId}`, async () => (await Job.fromId(httpQueue(), deliveryId)) ?? undefined);

  beforeAll(async () => {
    instance = await database.create();
    receiver = await startLoopbackReceiver();
    host = await startTestHost(instance, {
      queuePrefix,
      delivery: { attempts: 3, backoffMs: 30, timeoutMs: 2000 },
      jobRetention: { completedMs: 120_000, failedMs: 86_400_000 },
    });
    const configs = host.app.get(DeliveryConfigsService);
    const events = host.app.get(TrackingEventsService);
    await configs.create({ ID: 'webhook', Name: 'Webhook', DeliveryTargets: httpTarget() });
    await configs.create({ ID: 'disabled', Name: 'Disabled', Enabled: false, DeliveryTargets: httpTarget() });
    await events.create({ ID: 'adds', EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'webhook' });
    await events.create({
      ID: 'orders-off',
      EventType: 'OrderSubmitted',
      ClientID: 'storefront',
      Name: 'Orders',
      DeliveryConfigID: 'disabled',
    });
    await events.create({ ID: 'pos-adds', EventType: 'LineItemAdded', ClientID: 'pos', Name: 'POS adds', DeliveryConfigID: 'webhook' });
    await events.create({
      ID: 'pos-orders',
      EventType: 'OrderSubmitted',
      ClientID: 'pos',
      Name: 'POS orders',
      DeliveryConfigID: 'webhook',
    });
  });

  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answerWith({ status: 200, body: '{}' });
    host.context.current = { ClientID: 'storefront', UserID: 'buyer01', Currency: 'USD' };
  });

  afterAll(async () => {
    await host?.close();
    await receiver?.close();
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it('delivers what a decorated host method captured, signed, once the method succeeded', async () => {
    const line = await host.app.get(TestCartService).addLine('order-1', 'mug', 2, 8);
    expect(line.Quantity).toBe(2);
    const [request] = await waitFor('the Http delivery', () => receiver.received.length === 1 && receiver.received);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/tracking');
    const body = JSON.parse(request.body.toString());
    expect(body.Headers).toEqual({ type: 'sitecore.ordercloud.messages.orders.lines.added' });
    expect(body.Payload).toMatchObject({
      UserContext: { ID: 'buyer01', AnonymousId: null },
      OrderId: 'order-1',
      Email: 'buyer01@example.com',
      Currency: 'USD',
      LineItem: { LineID: 'order-1-mug', Quantity: 2, Price: 8, LineTotal: 16, Product: { ProductID: 'mug' } },
    });
    expect(request.headers['x-oc-hash']).toBe(createHmac('sha256', SECRET).update(request.body).digest('base64'));
    expect(() =>
      new Webhook(Buffer.from(SECRET).toString('base64')).verify(request.body.toString(), request.headers as Record<string, string>),
    ).not.toThrow();
  });

  it('captures nothing when the host method fails', async () => {
    const cart = host.app.get(TestCartService);
    const record = jest.spyOn(host.app.get(IntakeRecorder), 'record');
    await expect(cart.submit('empty-order')).rejects.toThrow('Cannot submit an order without any line items.');
    expect(record).not.toHaveBeenCalled();
    record.mockRestore();
  });

  it.each([
    ['a disabled DeliveryConfig', 'OrderSubmitted', 'storefront'],
    ['another API client', 'LineItemAdded', 'admin-portal'],
    ['an event type without a TrackingEvent', 'LineItemUpdated', 'storefront'],
  ] as const)('routes nothing for %s', async (_, eventType, clientId) => {
    host.context.current = { ClientID: clientId, UserID: 'buyer01' };
    const subject =
      eventType === 'LineItemUpdated'
        ? { OrderID: 'order-1', LineItem: await host.shop.listLineItems('order-1').then((lines) => lines[0]), PreviousQuantity: 1 }
        : eventType === 'LineItemAdded'
          ? { OrderID: 'order-1', LineItem: (await host.shop.listLineItems('order-1'))[0] }
          : { OrderID: 'order-1' };
    const eventId = await host.app.get(TrackingEventPublisher).publish(eventType, subject as never);
    expect(eventId).not.toBeNull();
    expect(await host.routedDeliveryIds(eventId!)).toEqual([]);
    await pause(100);
    expect(receiver.received).toHaveLength(0);
  });

  it('routes the same client and type to each of its TrackingEvents: the POS client has its own', async () => {
    host.context.current = { ClientID: 'pos' };
    const eventId = await host.app
      .get(TrackingEventPublisher)
      .publish('LineItemAdded', { OrderID: 'order-1', LineItem: (await host.shop.listLineItems('order-1'))[0] });
    expect(await host.routedDeliveryIds(eventId!)).toEqual([`${eventId}-pos-adds-Http`]);
    await waitFor('the POS delivery', () => receiver.received.length === 1);
  });

  describe('with host data that JSON cannot carry (a BigInt, a cycle)', () => {
    const line = { ID: 'json-line', ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 };
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const receivedOrderIds = () =>
      receiver.received.map(({ body }) => {
        const { Payload } = JSON.parse(body.toString());
        return Payload.OrderId ?? Payload.OrderID;
      });

    it("captures the other events of the same moment, and that one not at all, without breaking the host's call", async () => {
      const publisher = host.app.get(TrackingEventPublisher);
      const ids = await Promise.all([
        publisher.publish('LineItemAdded', { OrderID: 'json-1', LineItem: line }),
        publisher.publish('LineItemAdded', { OrderID: 'json-2', LineItem: { ...line, xp: { points: BigInt(10) } } }),
        publisher.publish('LineItemAdded', { OrderID: 'json-3', LineItem: { ...line, xp: cyclic } }),
        publisher.publish('LineItemAdded', { OrderID: 'json-4', LineItem: line }),
      ]);
      expect(ids.map((id) => typeof id)).toEqual(['string', 'object', 'object', 'string']);
      await waitFor('the two writable events', () => receiver.received.length === 2);
      expect(receivedOrderIds().sort()).toEqual(['json-1', 'json-4']);
      expect(await host.app.get(DataSource).getRepository(OutboxEventEntity).count()).toBe(0);
    });

    it('delivers the other events of a routing batch, and fails that one for good with the reason', async () => {
      host.context.current = { ClientID: 'pos' };
      host.shop.lines.set('json-bigint', [{ ...line, Product: { ID: 'mug', Name: 'Mug', xp: { grams: BigInt(300) } } }]);
      host.shop.lines.set('json-fine', [line]);
      const publisher = host.app.get(TrackingEventPublisher);
      // Published together: one capture stream entry, routed as one batch.
      const [unwritable] = await Promise.all([
        publisher.publish('OrderSubmitted', { OrderID: 'json-bigint' }),
        publisher.publish('OrderSubmitted', { OrderID: 'json-fine' }),
        publisher.publish('LineItemAdded', { OrderID: 'json-fine', LineItem: line }),
      ]);
      await waitFor('the two writable deliveries', () => receiver.received.length === 2);
      expect(receivedOrderIds()).toEqual(['json-fine', 'json-fine']);
      // Read whole once finished: a job read while active has no failedReason yet.
      const job = await waitFor('the failed intake job', async () => {
        const intakeJob = await host.intakeQueue.getJob(unwritable!);
        return intakeJob?.finishedOn ? intakeJob : undefined;
      });
      expect(job.failedReason).toBe(
        `The message of event ${unwritable} cannot be written as JSON (Do not know how to serialize a BigInt): ` +
          "the host's commerce data for it holds a value JSON cannot carry.",
      );
      expect(job.attemptsMade).toBe(1);
      expect(receiver.received).toHaveLength(2);
    });
  });

  it('delivers an event recorded twice only once', async () => {
    const line = (await host.shop.listLineItems('order-1'))[0];
    const event: CapturedEvent = {
      ID: 'a3e2f2f8-6f47-4b1e-9a47-2f2d1c0c9a01',
      EventType: 'LineItemAdded',
      OccurredAt: new Date().toISOString(),
      Context: { ClientID: 'storefront' },
      Subject: { OrderID: 'order-1', LineItem: line },
    };
    const recorder = host.app.get(IntakeRecorder);
    await Promise.all([recorder.record(event), recorder.record(event)]);
    await recorder.record(event);
    expect(await host.routedDeliveryIds(event.ID)).toEqual([`${event.ID}-adds-Http`]);
    await waitFor('the delivery', () => receiver.received.length === 1);
    await pause(200);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].headers['webhook-id']).toBe(`${event.ID}-adds-Http`);
  });

  it('retries a target that answers 500 and delivers the message once it answers 200, under the same webhook-id', async () => {
    receiver.answerOnce({ status: 500, body: 'down for a moment' });
    const eventId = await host.app
      .get(TrackingEventPublisher)
      .publish('LineItemAdded', { OrderID: 'order-1', LineItem: (await host.shop.listLineItems('order-1'))[0] });
    const job = await deliveryJob(`${eventId}-adds-Http`);
    await waitFor('the delivery to complete', async () => (await job.getState()) === 'completed');
    // Kept as long as the host's jobRetention says.
    expect(job.opts).toMatchObject({ removeOnComplete: { age: 120 }, removeOnFail: { age: 86_400 } });
    expect(receiver.received).toHaveLength(2);
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id']))).toEqual(new Set([`${eventId}-adds-Http`]));
    expect(receiver.received[0].body.equals(receiver.received[1].body)).toBe(true);
  });

  it('does not retry a target that answers 400, and keeps the failed delivery as a dead letter with its error', async () => {
    receiver.answerWith({ status: 400, body: '{"error":"unknown field"}' });
    const eventId = await host.app
      .get(TrackingEventPublisher)
      .publish('LineItemAdded', { OrderID: 'order-1', LineItem: (await host.shop.listLineItems('order-1'))[0] });
    const deliveryId = `${eventId}-adds-Http`;
    const letter = await waitFor('the dead letter', () =>
      host.app
        .get(DeadLettersService)
        .get(deliveryId)
        .catch(() => undefined),
    );
    expect(letter.LastError).toMatch(/answered 400/);
    expect(letter.Attempts).toHaveLength(1);
    await pause(300);
    expect(receiver.received).toHaveLength(1);
    expect(await Job.fromId(httpQueue(), deliveryId)).toBeUndefined();
  });

  it('gives up after the configured attempts on a target that keeps failing', async () => {
    receiver.answerWith({ status: 503, body: 'maintenance' });
    const eventId = await host.app
      .get(TrackingEventPublisher)
      .publish('LineItemAdded', { OrderID: 'order-1', LineItem: (await host.shop.listLineItems('order-1'))[0] });
    const job = await deliveryJob(`${eventId}-adds-Http`);
    await waitFor('the delivery to fail', async () => (await job.getState()) === 'failed');
    expect(receiver.received).toHaveLength(3);
  });

  it('stitches an anonymous shopper to a user for a host without OrderCloud tokens: once, with both IDs', async () => {
    await host.app
      .get(TrackingEventsService)
      .create({ ID: 'logins', EventType: 'UserLoggedIn', ClientID: 'kiosk', Name: 'Logins', DeliveryConfigID: 'webhook' });
    host.context.current = null;
    const stitcher = host.app.get(IdentityStitcher);
    const first = await stitcher.stitch('kiosk-visitor-7', 'buyer01', { ClientID: 'kiosk' });
    expect(first.linked).toBe(true);
    const [request] = await waitFor('the identity message', () => receiver.received.length === 1 && receiver.received);
    expect(JSON.parse(request.body.toString())).toEqual({
      Headers: { type: 'sitecore.ordercloud.messages.sessions.identified' },
      Payload: {
        UserContext: { ID: 'buyer01', AnonymousId: 'kiosk-visitor-7' },
        Language: 'en',
        Currency: null,
        Email: 'buyer01@example.com',
        FirstName: 'Bea',
        LastName: 'Buyer',
      },
    });
    expect(await stitcher.stitch('kiosk-visitor-7', 'buyer01', { ClientID: 'kiosk' })).toEqual({ linked: false, eventId: null });
    await expect(stitcher.stitch('', 'buyer01')).rejects.toThrow(InvalidIdentityError);
    // PostgreSQL's text cannot hold the NUL character: refused before any query, on every database.
    await expect(stitcher.stitch('beacon\u0000x', 'buyer01')).rejects.toThrow(InvalidIdentityError);
    await expect(stitcher.stitch('beacon-2', 'buyer\u000001')).rejects.toThrow(InvalidIdentityError);
    await expect(host.app.get(UserErasureService).forgetUser('buyer\u000001')).rejects.toThrow(InvalidIdentityError);
    await pause(200);
    expect(receiver.received).toHaveLength(1);
  });
});
