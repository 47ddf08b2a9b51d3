import { odata, TableClient, type TableEntityResult } from '@azure/data-tables';
import { Auth, Cart, DeliveryConfigurations, Tokens } from 'ordercloud-javascript-sdk';
import { DeadLettersService, MESSAGE_NAMESPACES } from '../../src';
import { AZURITE_ACCOUNT_KEY, startAzurite, WRONG_ACCOUNT_KEY, type AzuriteServer } from '../support/azurite-server';
import { sdkFailure } from '../support/ordercloud-error';
import { BUYER, loginAsAdmin, type RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { attemptsOf, configureDeliveryTo, deadLettersOf, runShopperJourney, waitForItems } from '../support/target-journey';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

type StoredEntity = TableEntityResult<Record<string, any>>;

/** The AzureTable target, configured through the official SDK, writing to Azurite's Table service. */
describe.each(TEST_DATABASES)('AzureTable deliveries ($name)', (database) => {
  let azurite: AzuriteServer;
  let running: RunningSampleApp;
  const tableTarget = (table: string, accountKey = AZURITE_ACCOUNT_KEY) => ({
    AzureTable: { ConnectionString: azurite.connectionString(accountKey), OverrideTableName: table },
  });
  const tableClient = (table: string) =>
    TableClient.fromConnectionString(azurite.connectionString(), table, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });

  /** The table's entities (read with the SDK, filtered by `filter`); none while the table does not exist. */
  const entitiesIn = async (table: string, filter?: string): Promise<StoredEntity[]> => {
    const entities: StoredEntity[] = [];
    try {
      for await (const entity of tableClient(table).listEntities<Record<string, any>>({ queryOptions: { filter } })) entities.push(entity);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return [];
      throw error;
    }
    return entities;
  };
  const awaitEntities = (table: string, count: number, timeoutMs?: number) =>
    waitForItems(`entities in ${table}`, () => entitiesIn(table), count, timeoutMs);

  beforeAll(async () => {
    azurite = await startAzurite('Table');
    running = await startSampleApp(database, {
      // Retries 0.2 to 12.8 s apart: an Azurite restart happens within them; no pause of the target meanwhile.
      delivery: { attempts: 8, backoffMs: 200, timeoutMs: 5000 },
      circuitBreaker: { failureThreshold: 1000 },
    });
  });

  afterAll(async () => {
    await running?.close();
    await azurite?.close();
  });

  it("upserts a journey as one entity per message: the day as PartitionKey, the delivery ID as RowKey, the order's events found by OrderId", async () => {
    await configureDeliveryTo(running, 'table-journey', tableTarget('Journey'), [AZURITE_ACCOUNT_KEY]);
    const { orderId, lineId } = await runShopperJourney();

    const entities = await awaitEntities('Journey', 4);
    expect(entities).toHaveLength(4);
    for (const entity of entities) {
      expect(entity.partitionKey).toBe((entity.OccurredAt as Date).toISOString().slice(0, 10).replaceAll('-', ''));
      expect(entity.rowKey).toBe(`${entity.EventId}-storefront-${entity.EventType}-AzureTable`);
      expect(entity).toMatchObject({
        Type: MESSAGE_NAMESPACES[entity.EventType as keyof typeof MESSAGE_NAMESPACES],
        ClientId: 'storefront',
        MessageParts: 1,
      });
    }
    const byType = (eventType: string) => entities.find((entity) => entity.EventType === eventType)!;
    const payloadOf = (eventType: string) => JSON.parse(byType(eventType).Message);
    expect(byType('UserLoggedIn')).toMatchObject({ UserId: payloadOf('UserLoggedIn').UserContext.ID });
    expect(byType('UserLoggedIn')).not.toHaveProperty('OrderId');
    expect(payloadOf('LineItemAdded')).toMatchObject({ OrderId: orderId, LineItem: { LineID: lineId, Quantity: 2 } });
    expect(payloadOf('LineItemUpdated')).toMatchObject({ PreviousQuantity: 2, LineItem: { Quantity: 3 } });
    expect(payloadOf('OrderSubmitted')).toMatchObject({ OrderID: orderId, LineItems: [expect.objectContaining({ Quantity: 3 })] });
    // Entities are kept by PartitionKey and RowKey: an order's events read back in order by OccurredAt.
    const orderEvents = await entitiesIn('Journey', odata`OrderId eq ${orderId}`);
    expect(orderEvents.sort((a, b) => a.OccurredAt.getTime() - b.OccurredAt.getTime()).map((entity) => entity.EventType)).toEqual([
      'LineItemAdded',
      'LineItemUpdated',
      'OrderSubmitted',
    ]);
  });

  it('retries an attempt that found its table deleted, and leaves one entity', async () => {
    await configureDeliveryTo(running, 'table-retry', tableTarget('Retried'));
    Tokens.SetAccessToken((await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper'])).access_token);
    await awaitEntities('Retried', 1);
    await tableClient('Retried').deleteTable();

    const line = await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });
    const [added] = await awaitEntities('Retried', 1);
    expect(JSON.parse(added.Message).LineItem.LineID).toBe(line.ID);
    // The delivery log is written once a second.
    const refused = await waitFor('the refused attempt in the log', async () => (await attemptsOf(running, 'table-retry', 'Retrying'))[0]);
    expect(refused).toMatchObject({ HttpStatus: 404, Detail: expect.stringMatching(/^Azure Table Storage answered 404 TableNotFound/) });
    expect(added.rowKey).toBe(refused.DeliveryID);
    expect(await entitiesIn('Retried')).toHaveLength(1);
  });

  it('makes a wrong account key a dead letter at once, with a reason and no key; a replay upserts one entity each', async () => {
    await configureDeliveryTo(running, 'table-denied', tableTarget('Denied', WRONG_ACCOUNT_KEY), [WRONG_ACCOUNT_KEY]);
    await runShopperJourney();
    const letters = await waitForItems('dead letters', () => deadLettersOf(running, 'table-denied'), 4);
    for (const letter of letters) {
      expect(letter.Attempts).toHaveLength(1);
      expect(letter.LastError).toMatch(/^Azure Table Storage answered 403 AuthorizationFailure/);
      expect(JSON.stringify(letter)).not.toContain(WRONG_ACCOUNT_KEY);
    }

    await loginAsAdmin();
    await DeliveryConfigurations.Patch('table-denied', { DeliveryTargets: tableTarget('Denied') as never });
    for (const letter of letters) await running.app.get(DeadLettersService).replay(letter.ID);
    const entities = await awaitEntities('Denied', 4);
    expect(entities.map((entity) => entity.rowKey).sort()).toEqual(letters.map((letter) => letter.ID).sort());
    await waitFor('the replayed letters resolved', async () => (await deadLettersOf(running, 'table-denied')).length === 0);
  });

  it('retries while Table Storage is down and upserts everything once it is back: nothing lost, one entity each', async () => {
    await configureDeliveryTo(running, 'table-outage', tableTarget('Outage'));
    await azurite.stop();
    try {
      await runShopperJourney();
      await waitFor('a failed attempt', async () => (await attemptsOf(running, 'table-outage', 'Retrying')).length >= 1, 15_000);
    } finally {
      await azurite.start();
    }
    const entities = await awaitEntities('Outage', 4, 30_000);
    expect(entities).toHaveLength(4);
    expect(new Set(entities.map((entity) => entity.EventType))).toEqual(new Set(Object.keys(MESSAGE_NAMESPACES)));
    expect((await attemptsOf(running, 'table-outage', 'Retrying'))[0].Detail).toMatch(
      /^Azure Table Storage could not be reached \(ECONNREFUSED\)/,
    );
    expect(await deadLettersOf(running, 'table-outage')).toEqual([]);
    // The restarted service kept what it had: the journey's entities.
    expect(await entitiesIn('Journey')).toHaveLength(4);
  });

  it('refuses a connection string without the keys it needs and a reserved table name, naming each field and no secret', async () => {
    await loginAsAdmin();
    const failure = await sdkFailure(
      DeliveryConfigurations.Create({
        ID: 'table-invalid',
        Name: 'table-invalid',
        DeliveryTargets: {
          AzureTable: { ConnectionString: 'AccountName=shop;SharedAccessSignature=sig=c2VjcmV0', OverrideTableName: 'tables' },
        } as never,
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.errors).toEqual([
      {
        ErrorCode: 'ValidationFailure',
        Message: expect.stringMatching(
          /ConnectionString must be a connection string of Key=Value parts with AccountName \+ AccountKey, or TableEndpoint/,
        ),
        Data: { Property: 'DeliveryTargets.AzureTable.ConnectionString' },
      },
      {
        ErrorCode: 'ValidationFailure',
        Message: expect.stringMatching(/OverrideTableName must be 3 to 63 letters and digits starting with a letter, and not "tables"/),
        Data: { Property: 'DeliveryTargets.AzureTable.OverrideTableName' },
      },
    ]);
    expect(JSON.stringify(failure.errors)).not.toContain('c2VjcmV0');
  });
});
