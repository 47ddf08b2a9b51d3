import { ALLOW_PRIVATE_NETWORKS, REFUSE_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { TableClient, TableServiceClient, type TableEntityResult } from '@azure/data-tables';
import { startAzurite, WRONG_ACCOUNT_KEY, type AzuriteServer } from '../../../test/support/azurite-server';
import { freePort } from '../../../test/support/private-servers';
import { validateModel } from '../../common/validation';
import type { TrackingMessage } from '../../messages/tracking-message';
import { deliveryTargetTypeOf } from '../delivery-target.decorator';
import type { DeliveryFailedError } from '../delivery-failed.error';
import { failureOf } from '../loopback-receiver.fixtures';
import { deliveryRequestFor, lineItemAddedMessage, trailShoesLine, userLoggedInMessage } from '../tracking-message.fixtures';
import { writeOnlyPropertiesOf } from '../write-only.decorator';
import { AzureTableConfig } from './azure-table-config';
import { groupIntoTransactions, MAX_PROPERTY_CHARACTERS, toMessageEntity, type MessageEntity } from './azure-table-entity';
import { AzureTableTarget, type AzureTable } from './azure-table.target';

type StoredEntity = TableEntityResult<Record<string, unknown>>;

describe('AzureTableTarget', () => {
  const target = new AzureTableTarget(ALLOW_PRIVATE_NETWORKS);
  let azurite: AzuriteServer;
  let config: AzureTableConfig;

  const tableClient = (name: string) =>
    TableClient.fromConnectionString(azurite.connectionString(), name, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
  const entitiesOf = async (name: string) => {
    const entities: StoredEntity[] = [];
    for await (const entity of tableClient(name).listEntities<Record<string, unknown>>()) entities.push(entity);
    return entities;
  };
  /** The message JSON of an entity, its parts put back together. */
  const messageOf = (entity: StoredEntity) =>
    JSON.parse(
      Array.from({ length: entity.MessageParts as number }, (_, part) => entity[part === 0 ? 'Message' : `Message_${part}`]).join(''),
    );
  const requestFor = (client: AzureTable, message: TrackingMessage, deliveryId: string) => ({
    ...deliveryRequestFor(message, config, { deliveryId }),
    client,
  });
  /**
   * A message whose JSON is about `characters` long, in a product's xp. ASCII: Azurite 3.35 decodes a
   * multi-byte character cut by a chunk boundary of the request body as two, where Azure counts one.
   */
  const largeMessage = (characters: number) =>
    lineItemAddedMessage({ LineItem: trailShoesLine({ xp: { Notes: 'x'.repeat(characters) } }) });

  beforeAll(async () => {
    azurite = await startAzurite('Table');
    config = { ConnectionString: azurite.connectionString() };
  });

  afterAll(async () => {
    await azurite?.close();
  });

  it("is the AzureTable target, with OrderCloud's config: ConnectionString write-only, the table name checked", () => {
    expect(deliveryTargetTypeOf(AzureTableTarget)).toBe('AzureTable');
    expect(target.requiredPackages).toEqual(['@azure/data-tables']);
    expect(writeOnlyPropertiesOf(AzureTableConfig).map((property) => property.name)).toEqual(['ConnectionString']);
    const problemsOf = (value: object) => validateModel(AzureTableConfig, value, 'DeliveryTargets.AzureTable').problems;
    expect(problemsOf({ OverrideTableName: 'ShopEvents' })).toEqual([
      { property: 'DeliveryTargets.AzureTable.ConnectionString', message: 'DeliveryTargets.AzureTable.ConnectionString is required.' },
    ]);
    for (const name of ['ab', `a${'x'.repeat(63)}`, '2026Events', 'shop-events', 'shop_events', 'tables', 'Tables']) {
      expect(problemsOf({ ...config, OverrideTableName: name })).toEqual([
        {
          property: 'DeliveryTargets.AzureTable.OverrideTableName',
          message:
            'DeliveryTargets.AzureTable.OverrideTableName must be 3 to 63 letters and digits starting with a letter, and not "tables".',
        },
      ]);
    }
    expect(problemsOf({ ...config, OverrideTableName: `Events${'x'.repeat(57)}` })).toEqual([]);
  });

  it('upserts one entity per message: the UTC day as PartitionKey, the delivery ID as RowKey, its fields as columns', async () => {
    const client = await target.openClient(config);
    const added = lineItemAddedMessage();
    const login = userLoggedInMessage();
    expect(await target.deliver(requestFor(client, added, 'dlv_table_added'))).toEqual({ status: 'delivered' });
    await target.deliver(requestFor(client, login, 'dlv_table_login'));

    const [storedAdded, storedLogin] = await entitiesOf('TrackingEvents');
    expect(storedAdded).toMatchObject({
      partitionKey: '20260302',
      rowKey: 'dlv_table_added',
      Type: 'sitecore.ordercloud.messages.orders.lines.added',
      EventType: 'LineItemAdded',
      EventId: added.EventID,
      ClientId: added.ClientID,
      AnonymousId: added.Payload.UserContext.AnonymousId,
      OrderId: added.Payload.OrderId,
      OccurredAt: new Date(added.OccurredAt),
      MessageParts: 1,
    });
    expect(storedAdded).not.toHaveProperty('UserId');
    expect(messageOf(storedAdded)).toEqual(added.Payload);
    expect(storedLogin).toMatchObject({
      rowKey: 'dlv_table_login',
      UserId: 'jane-doe',
      Type: 'sitecore.ordercloud.messages.sessions.identified',
    });
    expect(storedLogin).not.toHaveProperty('OrderId');
  });

  it('replaces the entity on a retry or replay of the delivery: one entity', async () => {
    const client = await target.openClient({ ...config, OverrideTableName: 'RetriedEvents' });
    await target.deliver(requestFor(client, lineItemAddedMessage(), 'dlv_table_twice'));
    await target.deliverBatch([requestFor(client, lineItemAddedMessage(), 'dlv_table_twice')]);
    await target.deliver(requestFor(client, lineItemAddedMessage(), 'dlv_table_twice'));
    expect((await entitiesOf('RetriedEvents')).map((entity) => entity.rowKey)).toEqual(['dlv_table_twice']);
  });

  it('splits a message longer than one property over Message, Message_1... and keeps it whole', async () => {
    const client = await target.openClient({ ...config, OverrideTableName: 'LargeEvents' });
    const large = largeMessage(3 * MAX_PROPERTY_CHARACTERS);
    await target.deliver(requestFor(client, large, 'dlv_table_large'));
    const [stored] = await entitiesOf('LargeEvents');
    expect(stored.MessageParts).toBe(4);
    expect((stored.Message as string).length).toBe(MAX_PROPERTY_CHARACTERS);
    expect(messageOf(stored)).toEqual(large.Payload);
  });

  it('never splits a surrogate pair between two parts', () => {
    const message = lineItemAddedMessage({ LineItem: trailShoesLine({ xp: { Notes: '😀'.repeat(MAX_PROPERTY_CHARACTERS) } }) });
    const entity = toMessageEntity(message, 'dlv_emoji');
    const parts = Array.from({ length: entity.MessageParts }, (_, part) => (part === 0 ? entity.Message : entity[`Message_${part}`]));
    expect(parts.every((part) => part.length <= MAX_PROPERTY_CHARACTERS && !/[\ud800-\udbff]$|^[\udc00-\udfff]/.test(part))).toBe(true);
    expect(JSON.parse(parts.join(''))).toEqual(message.Payload);
  });

  it('refuses for good a message too large for one entity, and delivers the rest of its batch', async () => {
    const client = await target.openClient({ ...config, OverrideTableName: 'RefusedEvents' });
    const tooLarge = largeMessage(600 * 1024);
    const error: DeliveryFailedError = await failureOf(target.deliver(requestFor(client, tooLarge, 'dlv_table_huge')));
    expect(error).toMatchObject({
      retryable: false,
      message: expect.stringMatching(
        /^The LineItemAdded message is \d+ bytes as an Azure Table Storage entity, over the service's limit of 1048576 bytes \(1 MiB\)$/,
      ),
    });

    const results = await target.deliverBatch([
      requestFor(client, lineItemAddedMessage(), 'dlv_table_fits'),
      requestFor(client, tooLarge, 'dlv_table_huge'),
    ]);
    expect(results[0]).toEqual({ status: 'delivered' });
    expect((results[1] as { failure: DeliveryFailedError }).failure).toMatchObject({ retryable: false });
    expect((await entitiesOf('RefusedEvents')).map((entity) => entity.rowKey)).toEqual(['dlv_table_fits']);
  });

  it('delivers a batch in transactions of one day each, at most 100 entities, a delivery ID once per transaction', async () => {
    const client = await target.openClient({ ...config, OverrideTableName: 'BatchedEvents' });
    const requests = Array.from({ length: 230 }, (_, index) => {
      const occurredAt = index % 2 === 0 ? '2026-03-02T23:59:59.999Z' : '2026-03-03T00:00:00.000Z';
      return requestFor(client, { ...lineItemAddedMessage(), OccurredAt: occurredAt }, `dlv_table_batch_${index}`);
    });
    requests.push(requests[0]);
    const results = await target.deliverBatch(requests);
    expect(results).toHaveLength(231);
    expect(results.every((result) => 'status' in result && result.status === 'delivered')).toBe(true);
    const stored = await entitiesOf('BatchedEvents');
    expect(stored).toHaveLength(230);
    expect(stored.filter((entity) => entity.partitionKey === '20260303')).toHaveLength(115);
  });

  it('gives every request of a failed transaction its failure: a wrong account key fails them for good', async () => {
    const client = await target.openClient({ ConnectionString: azurite.connectionString(WRONG_ACCOUNT_KEY) });
    const results = await target.deliverBatch([
      requestFor(client, lineItemAddedMessage(), 'dlv_table_refused_1'),
      requestFor(client, lineItemAddedMessage(), 'dlv_table_refused_2'),
    ]);
    for (const result of results) {
      const failure = (result as { failure: DeliveryFailedError }).failure;
      expect(failure).toMatchObject({
        message: 'Azure Table Storage answered 403 AuthorizationFailure',
        retryable: false,
        httpStatus: 403,
      });
      expect(`${failure.message} ${failure.responseExcerpt}`).not.toContain(WRONG_ACCOUNT_KEY);
    }
  });

  it('fails an attempt after its table was deleted, and creates the table again for the next one', async () => {
    const client = await target.openClient({ ...config, OverrideTableName: 'DeletedEvents' });
    await target.deliver(requestFor(client, lineItemAddedMessage(), 'dlv_table_before'));
    await tableClient('DeletedEvents').deleteTable();

    const [{ failure }] = (await target.deliverBatch([requestFor(client, lineItemAddedMessage(), 'dlv_table_after')])) as {
      failure: unknown;
    }[];
    expect(failure).toMatchObject({ message: 'Azure Table Storage answered 404 TableNotFound', retryable: true, httpStatus: 404 });
    await target.deliver(requestFor(client, lineItemAddedMessage(), 'dlv_table_after'));
    expect((await entitiesOf('DeletedEvents')).map((entity) => entity.rowKey)).toEqual(['dlv_table_after']);
  });

  it('refuses for good an endpoint the network policy does not allow, and writes nothing', async () => {
    const strict = new AzureTableTarget(REFUSE_PRIVATE_NETWORKS);
    const client = await strict.openClient({ ...config, OverrideTableName: 'RefusedTable' });
    expect(await failureOf(strict.deliver({ ...deliveryRequestFor(lineItemAddedMessage(), config), client }))).toMatchObject({
      message: expect.stringMatching(/^Azure Table Storage refused: 127\.0\.0\.1 is a loopback address/),
      retryable: false,
    });
    const tables: string[] = [];
    for await (const table of TableServiceClient.fromConnectionString(azurite.connectionString(), {
      allowInsecureConnection: true,
    }).listTables())
      tables.push(table.name ?? '');
    expect(tables).not.toContain('RefusedTable');
  });

  it('retries when the service cannot be reached', async () => {
    const down = azurite.connectionString().replace(`:${azurite.port}/`, `:${await freePort()}/`);
    const client = await target.openClient({ ConnectionString: down });
    expect(await failureOf(target.deliver(requestFor(client, lineItemAddedMessage(), 'dlv_table_down')))).toMatchObject({
      message: expect.stringMatching(/^Azure Table Storage could not be reached \(ECONNREFUSED\)/),
      retryable: true,
    });
  });
});

describe('groupIntoTransactions', () => {
  const entity = (partitionKey: string, rowKey: string, characters = 10): { entity: MessageEntity } => ({
    entity: { ...toMessageEntity(lineItemAddedMessage(), rowKey), partitionKey, Message: 'x'.repeat(characters) },
  });
  const rowKeysOf = (transactions: { entity: MessageEntity }[][]) => transactions.map((items) => items.map((item) => item.entity.rowKey));

  it('keeps each partition key in its own transactions, in order, 100 operations at most', () => {
    const items = Array.from({ length: 205 }, (_, index) => entity(index < 5 ? 'day1' : 'day2', `r${index}`));
    expect(rowKeysOf(groupIntoTransactions(items)).map((keys) => [keys[0], keys.length])).toEqual([
      ['r0', 5],
      ['r5', 100],
      ['r105', 100],
    ]);
  });

  it('starts another transaction before 4 MiB, and for a row key it already has', () => {
    const large = Array.from({ length: 5 }, (_, index) => entity('day1', `big${index}`, 1_100_000));
    expect(rowKeysOf(groupIntoTransactions(large))).toEqual([
      ['big0', 'big1', 'big2'],
      ['big3', 'big4'],
    ]);
    expect(rowKeysOf(groupIntoTransactions([entity('day1', 'a'), entity('day1', 'b'), entity('day1', 'a')]))).toEqual([['a', 'b'], ['a']]);
  });
});
