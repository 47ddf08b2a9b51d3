import { Auth, DeliveryConfigurations, Tokens } from 'ordercloud-javascript-sdk';
import { DeadLettersService, MESSAGE_NAMESPACES } from '../../src';
import { EventHubBroker } from '../support/event-hub-broker';
import { sdkFailure } from '../support/ordercloud-error';
import { BUYER, loginAsAdmin, RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { attemptsOf, configureDeliveryTo, deadLetterFor, deadLettersOf, runShopperJourney, waitForItems } from '../support/target-journey';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const HUB = 'tracking-events';
const KEY = 'c2VuZC1rZXktc2VjcmV0PQ==';
const WRONG_KEY = 'd3Jvbmcta2V5LXNlY3JldA==';
const ALL_TYPES = Object.values(MESSAGE_NAMESPACES);

/**
 * The EventHub target, configured through the official SDK, publishing with @azure/event-hubs to the
 * test broker (plain AMQP: the connection string says `UseDevelopmentEmulator=true`).
 */
describe.each(TEST_DATABASES)('EventHub deliveries ($name)', (database) => {
  let broker: EventHubBroker;
  let running: RunningSampleApp;
  const eventHubTarget = (key = KEY) => ({ EventHubName: HUB, ConnectionString: broker.connectionString(key) });
  const configure = (deliveryConfigId: string, key = KEY) =>
    configureDeliveryTo(running, deliveryConfigId, { EventHub: eventHubTarget(key) }, [key]);
  const stored = async () => broker.stored;

  beforeAll(async () => {
    broker = await EventHubBroker.start({ hubName: HUB, keyName: 'send', key: KEY, partitionCount: 4 });
    running = await startSampleApp(database, {
      // Attempts of at most 3 s, 0.2 to 12.8 s apart (25 s of retries, for the outage test's broker to come back
      // on a slow machine); no pause of the target while the broker is down.
      delivery: { attempts: 8, backoffMs: 200, timeoutMs: 3000 },
      circuitBreaker: { failureThreshold: 1000 },
    });
  });

  // The storefront's TrackingEvents go to the DeliveryConfig configured last: the broker's record is the test's own.
  beforeEach(() => {
    broker.received.length = 0;
  });

  afterAll(async () => {
    await running?.close();
    await broker?.stop();
  });

  it("publishes a journey: the Payload as JSON, property type, the delivery ID as message ID, one order's events on one partition in order", async () => {
    await configure('hub-journey');
    const { orderId, lineId } = await runShopperJourney();

    const events = await waitForItems('events', () => stored(), 4);
    expect(events).toHaveLength(4);
    expect(new Set(events.map((event) => event.properties.type))).toEqual(new Set(ALL_TYPES));
    for (const event of events) {
      expect(event).toMatchObject({ address: HUB, contentType: 'application/json', messageId: event.properties.deliveryId });
    }
    const [login, added, updated, submitted] = ALL_TYPES.map((type) => events.find((event) => event.properties.type === type)!);
    expect(login.partitionKey).toBe((login.body as { UserContext: { ID: string } }).UserContext.ID);
    expect(login.properties).toMatchObject({ eventType: 'UserLoggedIn', eventId: expect.any(String), occurredAt: expect.any(String) });
    const orderEvents = events.filter((event) => event.partitionKey === orderId).sort((a, b) => a.sequenceNumber! - b.sequenceNumber!);
    expect(orderEvents).toEqual([added, updated, submitted]);
    expect(new Set(orderEvents.map((event) => event.partitionId)).size).toBe(1);
    expect(added.body).toMatchObject({
      OrderId: orderId,
      LineItem: { LineID: lineId, Quantity: 2, Product: { ProductID: 'coffee-beans' } },
    });
    expect(updated.body).toMatchObject({ PreviousQuantity: 2, LineItem: { Quantity: 3 } });
    expect(submitted.body).toMatchObject({ OrderID: orderId, LineItems: [expect.objectContaining({ Quantity: 3 })] });
  });

  it('retries a transfer the service refused as busy, under the same message ID', async () => {
    await configure('hub-busy');
    // The client tries twice per attempt: both refused, the attempt fails and the delivery policy retries it.
    broker.rejectNextTransfers(2);
    Tokens.SetAccessToken((await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper'])).access_token);

    const [login] = await waitForItems('the retried login', () => stored(), 1);
    expect(broker.received.map((event) => [event.messageId, event.outcome])).toEqual([
      [login.messageId, 'rejected'],
      [login.messageId, 'rejected'],
      [login.messageId, 'accepted'],
    ]);
    const retrying = await waitFor(
      'the refused attempt in the delivery log',
      async () => (await attemptsOf(running, 'hub-busy', 'Retrying'))[0],
    );
    expect(retrying).toMatchObject({
      DeliveryID: login.messageId,
      Detail: expect.stringMatching(/^EventHub send failed \(ServerBusyError\)/),
    });
  });

  it('makes a refused key a dead letter at once, with the reason and not the key; a replay publishes under the same message ID', async () => {
    await configure('hub-refused', WRONG_KEY);
    const { orderId } = await runShopperJourney();
    const letter = await deadLetterFor(running, 'EventHub', orderId);
    expect(letter.Attempts).toHaveLength(1);
    expect(letter.LastError).toBe(
      'EventHub refused the credentials (UnauthorizedError): InvalidSignature: The token has an invalid signature.',
    );
    const letters = await waitForItems('dead letters', () => deadLettersOf(running, 'hub-refused'), 4);
    expect(JSON.stringify(letters)).not.toContain(WRONG_KEY);
    expect(broker.received).toEqual([]);

    await loginAsAdmin();
    await DeliveryConfigurations.Patch('hub-refused', { DeliveryTargets: { EventHub: eventHubTarget() } as never });
    for (const each of letters) await running.app.get(DeadLettersService).replay(each.ID);
    const events = await waitForItems('replayed events', () => stored(), 4);
    expect(new Set(events.map((event) => event.messageId))).toEqual(new Set(letters.map((each) => each.ID)));
    expect(new Set(events.map((event) => event.properties.type))).toEqual(new Set(ALL_TYPES));
  });

  it('retries while the service is down and publishes everything once it is back: nothing lost', async () => {
    await configure('hub-outage');
    await broker.stop();
    try {
      await runShopperJourney();
      await waitFor('a failed attempt', async () => (await attemptsOf(running, 'hub-outage', 'Retrying')).length >= 1, 15_000);
    } finally {
      await broker.restart();
    }
    const events = await waitForItems('events after the outage', () => stored(), 4);
    expect(new Set(events.map((event) => event.properties.type))).toEqual(new Set(ALL_TYPES));
    expect(new Set(events.map((event) => event.messageId)).size).toBe(4);
    expect(await deadLettersOf(running, 'hub-outage')).toEqual([]);
  });

  it('refuses a bad event hub name, and an EntityPath of another hub, naming each field and not the key', async () => {
    await loginAsAdmin();
    const failure = await sdkFailure(
      DeliveryConfigurations.Create({
        ID: 'hub-invalid',
        Name: 'hub-invalid',
        DeliveryTargets: {
          EventHub: { EventHubName: 'orders hub', ConnectionString: `${broker.connectionString()};EntityPath=payments` },
        } as never,
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.errors).toEqual([
      {
        ErrorCode: 'ValidationFailure',
        Message: expect.stringMatching(
          /^DeliveryTargets\.EventHub\.EventHubName can only contain letters, digits, periods, hyphens and underscores/,
        ),
        Data: { Property: 'DeliveryTargets.EventHub.EventHubName' },
      },
      {
        ErrorCode: 'ValidationFailure',
        Message: expect.stringMatching(/^DeliveryTargets\.EventHub\.ConnectionString has an EntityPath that names another event hub/),
        Data: { Property: 'DeliveryTargets.EventHub.ConnectionString' },
      },
    ]);
    expect(JSON.stringify(failure.errors)).not.toContain(KEY);
  });
});
