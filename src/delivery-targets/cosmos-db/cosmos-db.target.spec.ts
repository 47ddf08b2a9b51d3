import { ALLOW_PRIVATE_NETWORKS, REFUSE_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { startCosmosDbServer, stopCosmosDbServer, type CosmosDbTestServer } from '../../../test/support/cosmos-db-server';
import { deliveryTargetTypeOf } from '../delivery-target.decorator';
import type { DeliveryRequest } from '../delivery-target.interface';
import { failureOf } from '../loopback-receiver.fixtures';
import { deliveryRequestFor, lineItemAddedMessage, SHOPPER, shopperJourney, trailShoesLine } from '../tracking-message.fixtures';
import type { CosmosDbConfig } from './cosmos-db-config';
import type { CosmosDbConnection } from './cosmos-db-connection';
import { CosmosDbTarget } from './cosmos-db.target';

describe('CosmosDbTarget', () => {
  const target = new CosmosDbTarget(ALLOW_PRIVATE_NETWORKS);
  let cosmos: CosmosDbTestServer;
  const connections: CosmosDbConnection[] = [];

  const connect = async (config: CosmosDbConfig) => {
    const connection = await target.openClient(config);
    connections.push(connection);
    return connection;
  };
  const requestFor = (
    message: DeliveryRequest['message'],
    client: CosmosDbConnection,
    deliveryId: string,
  ): DeliveryRequest<CosmosDbConfig, CosmosDbConnection> => ({
    ...deliveryRequestFor(message, { ConnectionString: cosmos.connectionString }, { deliveryId }),
    client,
  });

  beforeEach(async () => {
    cosmos = await startCosmosDbServer();
  });

  afterEach(async () => {
    for (const connection of connections.splice(0)) await target.closeClient(connection);
    await stopCosmosDbServer(cosmos);
  });

  it('is the CosmosDb target, which needs @azure/cosmos', () => {
    expect(deliveryTargetTypeOf(CosmosDbTarget)).toBe('CosmosDb');
    expect(target.requiredPackages).toEqual(['@azure/cosmos']);
  });

  it('creates the TrackingEvents database and container, and writes one item per message', async () => {
    const client = await connect({ ConnectionString: cosmos.connectionString });
    const journey = shopperJourney();
    for (const [index, message] of journey.entries()) {
      expect(await target.deliver(requestFor(message, client, `dlv_${index}`))).toEqual({ status: 'delivered', httpStatus: 201 });
    }
    const items = await cosmos.items();
    expect(items.map((item) => [item.id, item.type, item.EventType])).toEqual(
      journey.map((message, index) => [`dlv_${index}`, message.Namespace, message.EventType]),
    );
    expect(items[0]).toMatchObject({ partitionKey: SHOPPER.orderId, Message: journey[0].Payload });
    const { resource } = await cosmos.client.database('TrackingEvents').container('TrackingEvents').read();
    expect(resource?.partitionKey?.paths).toEqual(['/partitionKey']);
  });

  it('keeps one item per delivery ID: a second attempt replaces the first', async () => {
    const client = await connect({ ConnectionString: cosmos.connectionString });
    await target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_again'));
    const retried = lineItemAddedMessage({ LineItem: trailShoesLine({ Quantity: 5 }) });
    expect(await target.deliver(requestFor(retried, client, 'dlv_again'))).toEqual({ status: 'delivered', httpStatus: 200 });
    const items = await cosmos.items();
    expect(items).toHaveLength(1);
    expect(items[0].Message).toEqual(retried.Payload);
  });

  it('leaves one item when an attempt timed out after Cosmos DB wrote it and the next one writes it again', async () => {
    const client = await connect({ ConnectionString: cosmos.connectionString });
    await target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_first'));
    cosmos.answerWritesLate(500);
    const timedOut = { ...requestFor(lineItemAddedMessage(), client, 'dlv_late'), signal: AbortSignal.timeout(100) };
    expect(await failureOf(target.deliver(timedOut))).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/^Cosmos DB did not answer/),
    });
    expect(cosmos.lateWrites()).toBe(1);
    cosmos.answerWritesLate(0);
    expect(await target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_late'))).toEqual({ status: 'delivered', httpStatus: 200 });
    expect((await cosmos.items()).map((item) => item.id).sort()).toEqual(['dlv_first', 'dlv_late']);
  });

  it('writes to the OverrideDatabaseName', async () => {
    const client = await connect({ ConnectionString: cosmos.connectionString, OverrideDatabaseName: 'ShopEvents' });
    await target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_override'));
    expect((await cosmos.items('ShopEvents')).map((item) => item.id)).toEqual(['dlv_override']);
    expect(await cosmos.items()).toEqual([]);
  });

  it('creates the container again on the attempt after Cosmos DB reported it missing', async () => {
    const client = await connect({ ConnectionString: cosmos.connectionString });
    await target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_before'));
    await cosmos.client.database('TrackingEvents').delete();
    const failure = await failureOf(target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_after')));
    expect(failure).toMatchObject({ retryable: true, httpStatus: 404 });
    expect(failure.message).toMatch(/^Cosmos DB has no such database or container \(404\); the next attempt creates them$/);
    await target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_after'));
    expect((await cosmos.items()).map((item) => item.id)).toEqual(['dlv_after']);
  });

  it('refuses for good an account endpoint the network policy does not allow, and writes nothing', async () => {
    const strict = new CosmosDbTarget(REFUSE_PRIVATE_NETWORKS);
    const client = await strict.openClient({ ConnectionString: cosmos.connectionString });
    connections.push(client);
    expect(await failureOf(strict.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_refused')))).toMatchObject({
      message: expect.stringMatching(/^Cosmos DB refused: 127\.0\.0\.1 is a loopback address/),
      retryable: false,
    });
    const { resources: databases } = await cosmos.client.databases.readAll().fetchAll();
    expect(databases).toEqual([]);
  });

  it('fails for good when Cosmos DB refuses the key, without showing it', async () => {
    const wrongKey = Buffer.from('not-the-account-key').toString('base64');
    const client = await connect({ ConnectionString: cosmos.connectionStringWithKey(wrongKey) });
    const failure = await failureOf(target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_refused')));
    expect(failure).toMatchObject({
      retryable: false,
      httpStatus: 401,
      message: "Cosmos DB refused the ConnectionString's AccountKey: 401",
    });
    expect(failure.responseExcerpt).toMatch(/^The input authorization token can't serve the request/);
    expect(JSON.stringify({ ...failure, message: failure.message })).not.toContain(wrongKey);
  });

  it('retries while Cosmos DB cannot be reached, and delivers once it is back', async () => {
    const client = await connect({ ConnectionString: cosmos.connectionString });
    await cosmos.stop();
    const failure = await failureOf(target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_outage')));
    expect(failure).toMatchObject({ retryable: true, httpStatus: undefined });
    expect(failure.message).toMatch(/^Cosmos DB could not be reached: .*ECONNREFUSED/);
    await cosmos.restart();
    await target.deliver(requestFor(lineItemAddedMessage(), client, 'dlv_outage'));
    expect((await cosmos.items()).map((item) => item.id)).toEqual(['dlv_outage']);
  });

  it('fails a message over 2 MB for good without sending it', async () => {
    const client = await connect({ ConnectionString: cosmos.connectionString });
    const huge = lineItemAddedMessage({ LineItem: trailShoesLine({ xp: { Notes: 'x'.repeat(2 * 1024 * 1024) } }) });
    expect(await failureOf(target.deliver(requestFor(huge, client, 'dlv_huge')))).toMatchObject({ retryable: false });
    expect(await cosmos.items()).toEqual([]);
  });
});
