import { Auth, Cart, DeliveryConfigurations, Tokens } from 'ordercloud-javascript-sdk';
import { DeadLettersService, MESSAGE_NAMESPACES } from '../../src';
import { startCosmosDbServer, stopCosmosDbServer, type CosmosDbTestServer } from '../support/cosmos-db-server';
import { sdkFailure } from '../support/ordercloud-error';
import { BUYER, loginAsAdmin, RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { attemptsOf, configureDeliveryTo, deadLetterFor, deadLettersOf, runShopperJourney, waitForItems } from '../support/target-journey';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const NAMESPACES = Object.values(MESSAGE_NAMESPACES);
// Attempts of at most 1 s, retried 300, 600, 1200 and 2400 ms later (with jitter). After an outage of
// a restarted server, the first retry learns the container is gone and the next creates it again.
const COSMOS_DB_POLICY = { attempts: 5, backoffMs: 300, timeoutMs: 1000 };

/**
 * The CosmosDb target, configured through the official SDK, writing to @vercel/cosmosdb-server (plain
 * HTTP on loopback, behind a gate that checks the account key's signature as Cosmos DB does).
 */
describe.each(TEST_DATABASES)('CosmosDb deliveries ($name)', (database) => {
  let cosmos: CosmosDbTestServer;
  let running: RunningSampleApp;
  const cosmosDb = (OverrideDatabaseName?: string, ConnectionString = cosmos.connectionString) => ({
    CosmosDb: { ConnectionString, ...(OverrideDatabaseName ? { OverrideDatabaseName } : {}) },
  });
  const accountKey = () => /AccountKey=([^;]+)/.exec(cosmos.connectionString)![1];
  const itemsOf = (databaseName: string, count: number) =>
    waitForItems(`items in ${databaseName}`, () => cosmos.items(databaseName), count);
  const lettersOf = (deliveryConfigId: string) => deadLettersOf(running, deliveryConfigId);

  beforeAll(async () => {
    cosmos = await startCosmosDbServer();
    running = await startSampleApp(database, {
      delivery: { attempts: 4, backoffMs: 50, timeoutMs: 5000, targets: { CosmosDb: COSMOS_DB_POLICY } },
      // The failing attempts of a test must not pause its target.
      circuitBreaker: { failureThreshold: 1000 },
    });
  });

  afterAll(async () => {
    await running?.close();
    await stopCosmosDbServer(cosmos);
  });

  it("writes a journey as one item per message, the namespace as type, one order's events in its partition", async () => {
    await configureDeliveryTo(running, 'cosmos-journey', cosmosDb(), [accountKey()]);
    const { orderId, lineId } = await runShopperJourney();

    const items = await itemsOf('TrackingEvents', 4);
    expect(items).toHaveLength(4);
    expect(items.map((item) => item.type).sort()).toEqual([...NAMESPACES].sort());
    expect(new Set(items.map((item) => item.id)).size).toBe(4);
    const login = items.find((item) => item.EventType === 'UserLoggedIn')!;
    expect(login).toMatchObject({
      partitionKey: login.UserId,
      OrderId: null,
      ClientId: 'storefront',
      Message: { Email: expect.any(String) },
    });

    const ofOrder = await cosmos.partition(orderId);
    expect(ofOrder.map((item) => item.EventType)).toEqual(['LineItemAdded', 'LineItemUpdated', 'OrderSubmitted']);
    const [added, updated, submitted] = ofOrder;
    expect(added).toMatchObject({
      OrderId: orderId,
      UserId: login.UserId,
      Message: { OrderId: orderId, LineItem: { LineID: lineId, Quantity: 2, Product: { ProductID: 'coffee-beans' } } },
    });
    expect(updated.Message).toMatchObject({ PreviousQuantity: 2, LineItem: { Quantity: 3 } });
    expect(submitted.Message).toMatchObject({ OrderID: orderId, LineItems: [expect.objectContaining({ Quantity: 3 })] });
    expect(ofOrder.map((item) => item.OccurredAt)).toEqual(ofOrder.map((item) => item.OccurredAt).sort());
  });

  it('leaves one item per message when attempts time out after Cosmos DB wrote their items, retried or replayed', async () => {
    await configureDeliveryTo(running, 'cosmos-late', cosmosDb('LateAnswers'));
    const lateBefore = cosmos.lateWrites();
    cosmos.answerWritesLate(1500);
    let orderId: string;
    try {
      ({ orderId } = await runShopperJourney());
      // Every attempt times out: each delivery becomes a dead letter, its item written by its first attempt.
      await waitFor('four dead letters', async () => (await lettersOf('cosmos-late')).length === 4, 20_000);
    } finally {
      cosmos.answerWritesLate(0);
    }
    expect(cosmos.lateWrites() - lateBefore).toBe(20);
    const letters = await lettersOf('cosmos-late');
    expect(letters.every((letter) => letter.Attempts.length === 5)).toBe(true);
    expect(letters[0].LastError).toBe('Cosmos DB did not answer: no answer within 1000 ms');
    expect((await cosmos.items('LateAnswers')).map((item) => item.id).sort()).toEqual(letters.map((letter) => letter.ID).sort());

    for (const letter of letters) await running.app.get(DeadLettersService).replay(letter.ID);
    await waitFor('the replays', async () => (await lettersOf('cosmos-late')).length === 0, 20_000);
    const items = await cosmos.items('LateAnswers');
    expect(items.map((item) => item.id).sort()).toEqual(letters.map((letter) => letter.ID).sort());
    expect(items.filter((item) => item.OrderId === orderId)).toHaveLength(3);
  });

  it('makes a refused account key a dead letter at once, with the reason and without the key; a replay after the fix writes it once', async () => {
    const wrongKey = Buffer.from('not-the-account-key-of-this-test').toString('base64');
    await configureDeliveryTo(running, 'cosmos-wrong-key', cosmosDb('WrongKey', cosmos.connectionStringWithKey(wrongKey)), [wrongKey]);
    Tokens.SetAccessToken((await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper'])).access_token);
    const line = await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });

    const letter = await deadLetterFor(running, 'CosmosDb', line.ID!);
    expect(letter.Attempts).toHaveLength(1);
    expect(letter.Attempts[0].HttpStatus).toBe(401);
    expect(letter.LastError).toMatch(
      /^Cosmos DB refused the ConnectionString's AccountKey: 401: The input authorization token can't serve the request/,
    );
    expect(JSON.stringify(letter)).not.toContain(wrongKey);
    expect(await cosmos.items('WrongKey')).toEqual([]);

    await loginAsAdmin();
    await DeliveryConfigurations.Patch('cosmos-wrong-key', { DeliveryTargets: cosmosDb('WrongKey') as never });
    await running.app.get(DeadLettersService).replay(letter.ID);
    const [item] = await itemsOf('WrongKey', 1);
    expect(item).toMatchObject({ id: letter.ID, EventType: 'LineItemAdded', Message: { LineItem: { LineID: line.ID } } });
    expect(await cosmos.items('WrongKey')).toHaveLength(1);
  });

  it('refuses a config with a malformed connection string or database name, naming the field and not the key', async () => {
    await loginAsAdmin();
    const failure = await sdkFailure(
      DeliveryConfigurations.Create({
        ID: 'cosmos-invalid',
        Name: 'cosmos-invalid',
        DeliveryTargets: {
          CosmosDb: {
            ConnectionString: 'AccountEndpoint=cosmos.example.com;AccountKey=c2VjcmV0LWtleQ==',
            OverrideDatabaseName: 'shop/events',
          },
        } as never,
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.errors).toEqual([
      {
        ErrorCode: 'ValidationFailure',
        Message: 'DeliveryTargets.CosmosDb.ConnectionString must have an AccountEndpoint that is an absolute http or https URL.',
        Data: { Property: 'DeliveryTargets.CosmosDb.ConnectionString' },
      },
      {
        ErrorCode: 'ValidationFailure',
        Message: 'DeliveryTargets.CosmosDb.OverrideDatabaseName cannot contain /, \\, # or ? nor end with a space.',
        Data: { Property: 'DeliveryTargets.CosmosDb.OverrideDatabaseName' },
      },
    ]);
    expect(JSON.stringify(failure)).not.toContain('c2VjcmV0LWtleQ');
  });

  // Last: the restarted server is a new, empty one (it keeps its data in memory), so the database and
  // container are created again after Cosmos DB reports them missing.
  it('retries while Cosmos DB is down and writes every message once when it is back on the same port', async () => {
    await configureDeliveryTo(running, 'cosmos-outage', cosmosDb('Outage'));
    // A first journey opens the client and creates the database and container.
    await runShopperJourney();
    await itemsOf('Outage', 4);

    await cosmos.stop();
    let journey: { orderId: string; lineId: string };
    try {
      journey = await runShopperJourney();
      await waitFor('a failed attempt of each message', async () => (await attemptsOf(running, 'cosmos-outage', 'Retrying')).length >= 4);
    } finally {
      await cosmos.restart();
    }
    const items = await itemsOf('Outage', 4);
    expect(items).toHaveLength(4);
    expect(items.map((item) => item.type).sort()).toEqual([...NAMESPACES].sort());
    expect(items.filter((item) => item.OrderId === journey.orderId)).toHaveLength(3);
    const retried = await attemptsOf(running, 'cosmos-outage', 'Retrying');
    expect(retried.map((attempt) => attempt.Detail)).toContainEqual(
      expect.stringMatching(/^Cosmos DB could not be reached: .*ECONNREFUSED/),
    );
    expect(await lettersOf('cosmos-outage')).toEqual([]);
  });
});
