import { TargetNetworkPolicy } from '../network-policy';
import { ALLOW_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { Test, type TestingModule } from '@nestjs/testing';
import { EventHubBroker } from '../../../test/support/event-hub-broker';
import type { TrackingMessage } from '../../messages/tracking-message';
import { DeliveryFailedError } from '../delivery-failed.error';
import { DELIVERY_TARGET_SETTINGS } from '../delivery-target-settings';
import { deliveryTargetTypeOf } from '../delivery-target.decorator';
import type { DeliveryRequest } from '../delivery-target.interface';
import { deliveryRequestFor, lineItemAddedMessage, shopperJourney, SHOPPER, trailShoesLine } from '../tracking-message.fixtures';
import type { EventHubConfig } from './event-hub-config';
import { EventHubTarget, type EventHubProducer } from './event-hub.target';

const HUB = 'tracking-events';
const KEY = 'c2VuZC1rZXktc2VjcmV0PQ==';

/** A line added to `orderId` whose payload is about `kilobytes` long. */
function lineWithNote(orderId: string, kilobytes: number, lineId: string): TrackingMessage {
  return lineItemAddedMessage({
    OrderId: orderId,
    LineItem: trailShoesLine({ LineID: lineId, xp: { Note: 'x'.repeat(kilobytes * 1024) } }),
  });
}

describe('EventHubTarget', () => {
  let broker: EventHubBroker;
  let moduleRef: TestingModule;
  let target: EventHubTarget;
  let config: EventHubConfig;
  let producer: EventHubProducer;
  const opened: EventHubProducer[] = [];

  const open = async (overrides: Partial<EventHubConfig> = {}) => {
    const client = await target.openClient({ ...config, ...overrides });
    opened.push(client);
    return client;
  };
  const requestFor = (
    message: TrackingMessage,
    deliveryId: string,
    client = producer,
    signal = new AbortController().signal,
  ): DeliveryRequest<EventHubConfig, EventHubProducer> => ({ ...deliveryRequestFor(message, config, { deliveryId }), client, signal });
  const failureOf = async (delivery: Promise<unknown>) => {
    const error = await delivery.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DeliveryFailedError);
    return error as DeliveryFailedError;
  };

  beforeAll(async () => {
    broker = await EventHubBroker.start({ hubName: HUB, keyName: 'send', key: KEY });
    moduleRef = await Test.createTestingModule({
      providers: [
        EventHubTarget,
        { provide: TargetNetworkPolicy, useValue: ALLOW_PRIVATE_NETWORKS },
        { provide: DELIVERY_TARGET_SETTINGS, useValue: { attemptTimeoutMs: () => 3000 } },
      ],
    }).compile();
    target = moduleRef.get(EventHubTarget);
    config = { EventHubName: HUB, ConnectionString: broker.connectionString() };
    producer = await open();
  });

  beforeEach(() => {
    broker.received.length = 0;
  });

  afterAll(async () => {
    await Promise.all(opened.map((client) => target.closeClient(client)));
    await moduleRef?.close();
    await broker?.stop();
  });

  it('is the EventHub target, on the @azure/event-hubs package', () => {
    expect(deliveryTargetTypeOf(EventHubTarget)).toBe('EventHub');
    expect(target.requiredPackages).toEqual(['@azure/event-hubs']);
  });

  it('publishes the Payload as JSON, the namespace as property type, the delivery ID as message ID, the order as partition key', async () => {
    const message = lineItemAddedMessage();
    expect(await target.deliver(requestFor(message, 'dlv_hub_1'))).toEqual({ status: 'delivered' });
    expect(broker.stored).toEqual([
      expect.objectContaining({
        address: HUB,
        partitionKey: SHOPPER.orderId,
        messageId: 'dlv_hub_1',
        contentType: 'application/json',
        body: message.Payload,
        properties: {
          type: 'sitecore.ordercloud.messages.orders.lines.added',
          deliveryId: 'dlv_hub_1',
          eventType: 'LineItemAdded',
          eventId: message.EventID,
          occurredAt: message.OccurredAt,
        },
      }),
    ]);
  });

  it('sends a message ID of at most 128 characters: a longer delivery ID is hashed, and kept whole in deliveryId', async () => {
    const deliveryId = `${'e'.repeat(22)}-${'t'.repeat(100)}-EventHub`;
    await target.deliver(requestFor(lineItemAddedMessage(), deliveryId));
    const [event] = broker.stored;
    expect(event.messageId).toMatch(/^[0-9a-f]{64}$/);
    expect(event.properties.deliveryId).toBe(deliveryId);
  });

  it('publishes queued first attempts together, one partition key per order (or user), each order in its order', async () => {
    const otherOrder = lineItemAddedMessage({ OrderId: 'SO-200001' });
    const messages = [...shopperJourney(), otherOrder];
    const results = await target.deliverBatch(messages.map((message, index) => requestFor(message, `dlv_batch_${index}`)));
    expect(results).toEqual(messages.map(() => ({ status: 'delivered' })));

    const byKey = (key: string) =>
      broker.stored
        .filter((event) => event.partitionKey === key)
        .sort((a, b) => a.sequenceNumber! - b.sequenceNumber!)
        .map((event) => event.properties.eventType);
    expect(byKey(SHOPPER.orderId)).toEqual(['LineItemAdded', 'LineItemUpdated', 'OrderSubmitted']);
    expect(byKey(SHOPPER.userId)).toEqual(['UserLoggedIn']);
    expect(byKey('SO-200001')).toEqual(['LineItemAdded']);
    expect(new Set(broker.stored.filter((event) => event.partitionKey === SHOPPER.orderId).map((event) => event.partitionId)).size).toBe(1);
  });

  it('starts a new batch when one is full, and fails an event too large for an empty batch alone, for good', async () => {
    const messages = [
      lineWithNote('SO-1', 400, 'a'),
      lineWithNote('SO-1', 400, 'b'),
      lineWithNote('SO-1', 1100, 'huge'),
      lineWithNote('SO-1', 400, 'c'),
    ];
    const results = await target.deliverBatch(messages.map((message, index) => requestFor(message, `dlv_big_${index}`)));

    expect(results[0]).toEqual({ status: 'delivered' });
    expect(results[1]).toEqual({ status: 'delivered' });
    expect(results[3]).toEqual({ status: 'delivered' });
    expect((results[2] as { failure: DeliveryFailedError }).failure).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/^EventHub event of \d+ bytes does not fit in a batch, which takes at most 1048576 bytes$/),
    });
    expect(broker.stored.map((event) => event.messageId)).toEqual(['dlv_big_0', 'dlv_big_1', 'dlv_big_3']);
    expect(broker.stored.map((event) => event.sequenceNumber)).toEqual([0, 1, 2].map((n) => broker.stored[0].sequenceNumber! + n));
  });

  it("fails the events of a refused batch only, retryable, after the client's own retry", async () => {
    broker.rejectNextTransfers(2);
    const messages = [lineWithNote('SO-2', 400, 'a'), lineWithNote('SO-2', 400, 'b'), lineWithNote('SO-2', 400, 'c')];
    const results = await target.deliverBatch(messages.map((message, index) => requestFor(message, `dlv_busy_${index}`)));

    const busy = {
      failure: expect.objectContaining({ retryable: true, message: expect.stringMatching(/^EventHub send failed \(ServerBusyError\)/) }),
    };
    expect(results).toEqual([busy, busy, { status: 'delivered' }]);
    expect(broker.received.map((event) => [event.messageId, event.outcome])).toEqual([
      ['dlv_busy_0', 'rejected'],
      ['dlv_busy_1', 'rejected'],
      ['dlv_busy_0', 'rejected'],
      ['dlv_busy_1', 'rejected'],
      ['dlv_busy_2', 'accepted'],
    ]);
  });

  it('fails for good when the key is refused at put-token, with a reason that does not repeat the key', async () => {
    const wrongKey = 'd3Jvbmcta2V5LXNlY3JldA==';
    const client = await open({ ConnectionString: broker.connectionString(wrongKey) });
    const failure = await failureOf(target.deliver(requestFor(lineItemAddedMessage(), 'dlv_refused', client)));
    expect(failure).toMatchObject({
      retryable: false,
      message: 'EventHub refused the credentials (UnauthorizedError): InvalidSignature: The token has an invalid signature.',
    });
    expect(failure.message).not.toContain(wrongKey);
    expect(broker.received).toEqual([]);
  });

  it('fails for good when the event hub does not exist', async () => {
    const client = await open({ EventHubName: 'no-such-hub' });
    const failure = await failureOf(target.deliver(requestFor(lineItemAddedMessage(), 'dlv_no_hub', client)));
    expect(failure).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/^EventHub send failed \(MessagingEntityNotFoundError\)/),
    });
  });

  it('retries while the service is down, and delivers through the same client once it is back', async () => {
    await target.deliver(requestFor(lineItemAddedMessage(), 'dlv_before_outage'));
    await broker.stop();
    try {
      const failure = await failureOf(target.deliver(requestFor(lineItemAddedMessage(), 'dlv_outage')));
      expect(failure.retryable).toBe(true);
    } finally {
      await broker.restart();
    }
    expect(await target.deliver(requestFor(lineItemAddedMessage(), 'dlv_outage'))).toEqual({ status: 'delivered' });
    expect(broker.stored.map((event) => event.messageId)).toEqual(['dlv_before_outage', 'dlv_outage']);
  });

  it('retries an attempt whose signal aborted', async () => {
    const failure = await failureOf(target.deliver(requestFor(lineItemAddedMessage(), 'dlv_aborted', producer, AbortSignal.abort())));
    expect(failure).toMatchObject({
      retryable: true,
      message: 'EventHub send was cancelled: the attempt timed out or the worker is stopping',
    });
  });

  it('refuses a connection string the client does not take without quoting it', async () => {
    const connectionString = `Endpoint=sb://shop.servicebus.windows.net/;SharedAccessSignature=${KEY}`;
    const failure = await failureOf(target.openClient({ EventHubName: HUB, ConnectionString: connectionString }));
    expect(failure).toMatchObject({ retryable: false, message: 'EventHub ConnectionString is not one the Event Hubs client accepts' });
  });
});
