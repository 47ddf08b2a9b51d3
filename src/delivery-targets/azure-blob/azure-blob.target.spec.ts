import { ALLOW_PRIVATE_NETWORKS, REFUSE_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite, WRONG_ACCOUNT_KEY, type AzuriteServer } from '../../../test/support/azurite-server';
import { freePort } from '../../../test/support/private-servers';
import { validateModel } from '../../common/validation';
import type { TrackingMessage } from '../../messages/tracking-message';
import { deliveryTargetTypeOf } from '../delivery-target.decorator';
import type { DeliveryFailedError } from '../delivery-failed.error';
import { failureOf } from '../loopback-receiver.fixtures';
import { deliveryRequestFor, lineItemAddedMessage, orderSubmittedMessage } from '../tracking-message.fixtures';
import { writeOnlyPropertiesOf } from '../write-only.decorator';
import { AzureBlobConfig } from './azure-blob-config';
import { AzureBlobTarget, type AzureBlobContainer } from './azure-blob.target';

describe('AzureBlobTarget', () => {
  const target = new AzureBlobTarget(ALLOW_PRIVATE_NETWORKS);
  let azurite: AzuriteServer;
  let config: AzureBlobConfig;

  const containerOf = (name: string): ContainerClient =>
    BlobServiceClient.fromConnectionString(azurite.connectionString(), { retryOptions: { maxTries: 1 } }).getContainerClient(name);
  const blobNamesIn = async (container: ContainerClient) => {
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    return names;
  };
  const deliverWith = (client: AzureBlobContainer, message: TrackingMessage = lineItemAddedMessage(), deliveryId = 'dlv_blob_1') =>
    target.deliver({ ...deliveryRequestFor(message, config, { deliveryId }), client });

  beforeAll(async () => {
    azurite = await startAzurite('Blob');
    config = { ConnectionString: azurite.connectionString() };
  });

  afterAll(async () => {
    await azurite?.close();
  });

  it("is the AzureBlob target, with OrderCloud's config: ConnectionString write-only, the container name checked", () => {
    expect(deliveryTargetTypeOf(AzureBlobTarget)).toBe('AzureBlob');
    expect(target.requiredPackages).toEqual(['@azure/storage-blob']);
    expect(writeOnlyPropertiesOf(AzureBlobConfig).map((property) => property.name)).toEqual(['ConnectionString']);
    const problemsOf = (value: object) => validateModel(AzureBlobConfig, value, 'DeliveryTargets.AzureBlob').problems;
    expect(problemsOf({ OverrideContainerName: 'shop-events-2026' })).toEqual([
      { property: 'DeliveryTargets.AzureBlob.ConnectionString', message: 'DeliveryTargets.AzureBlob.ConnectionString is required.' },
    ]);
    for (const name of ['ab', 'x'.repeat(64), 'Events', 'shop--events', '-events', 'events-', 'shop_events']) {
      expect(problemsOf({ ...config, OverrideContainerName: name })).toEqual([
        {
          property: 'DeliveryTargets.AzureBlob.OverrideContainerName',
          message:
            'DeliveryTargets.AzureBlob.OverrideContainerName must be 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.',
        },
      ]);
    }
    expect(problemsOf({ ...config, OverrideContainerName: 'x'.repeat(63) })).toEqual([]);
  });

  it('writes the message JSON as {EventType}/{yyyy}/{MM}/{dd}/{deliveryId}.json, with its namespace as metadata type', async () => {
    const message = orderSubmittedMessage();
    const client = await target.openClient(config);
    expect(await deliverWith(client, message, 'dlv_blob_submitted')).toEqual({ status: 'delivered', httpStatus: 201 });

    const container = containerOf('trackingevents');
    expect(await blobNamesIn(container)).toEqual(['OrderSubmitted/2026/03/02/dlv_blob_submitted.json']);
    const blob = container.getBlobClient('OrderSubmitted/2026/03/02/dlv_blob_submitted.json');
    const properties = await blob.getProperties();
    expect(properties.contentType).toBe('application/json');
    expect(properties.metadata).toEqual({
      type: 'sitecore.ordercloud.messages.orders.submitted',
      eventid: message.EventID,
      eventtype: 'OrderSubmitted',
      occurredat: message.OccurredAt,
      clientid: message.ClientID,
    });
    expect(JSON.parse((await blob.downloadToBuffer()).toString('utf8'))).toEqual(message.Payload);
  });

  it('writes the same blob again for a retry or replay of the delivery: one copy', async () => {
    const client = await target.openClient({ ...config, OverrideContainerName: 'retried-events' });
    await deliverWith(client, lineItemAddedMessage(), 'dlv_blob_twice');
    await deliverWith(client, lineItemAddedMessage(), 'dlv_blob_twice');
    await deliverWith(
      await target.openClient({ ...config, OverrideContainerName: 'retried-events' }),
      lineItemAddedMessage(),
      'dlv_blob_twice',
    );
    expect(await blobNamesIn(containerOf('retried-events'))).toEqual(['LineItemAdded/2026/03/02/dlv_blob_twice.json']);
  });

  it('fails an attempt after its container was deleted, and creates the container again for the next one', async () => {
    const client = await target.openClient({ ...config, OverrideContainerName: 'deleted-events' });
    await deliverWith(client, lineItemAddedMessage(), 'dlv_blob_before');
    await containerOf('deleted-events').delete();

    const error = await failureOf(deliverWith(client, lineItemAddedMessage(), 'dlv_blob_after'));
    expect(error).toMatchObject({ message: 'Azure Blob Storage answered 404 ContainerNotFound', retryable: true, httpStatus: 404 });
    await deliverWith(client, lineItemAddedMessage(), 'dlv_blob_after');
    expect(await blobNamesIn(containerOf('deleted-events'))).toEqual(['LineItemAdded/2026/03/02/dlv_blob_after.json']);
  });

  it('refuses for good an endpoint the network policy does not allow, and writes nothing', async () => {
    const strict = new AzureBlobTarget(REFUSE_PRIVATE_NETWORKS);
    const client = await strict.openClient({ ...config, OverrideContainerName: 'refused' });
    expect(await failureOf(strict.deliver({ ...deliveryRequestFor(lineItemAddedMessage(), config), client }))).toMatchObject({
      message: expect.stringMatching(
        /^Azure Blob Storage refused: 127\.0\.0\.1 is a loopback address, which this server's network policy does not allow/,
      ),
      retryable: false,
    });
    expect(await containerOf('refused').exists()).toBe(false);
  });

  it('fails for good on a wrong account key, without the key in the reason', async () => {
    const client = await target.openClient({ ConnectionString: azurite.connectionString(WRONG_ACCOUNT_KEY) });
    const error: DeliveryFailedError = await failureOf(deliverWith(client));
    expect(error).toMatchObject({ message: 'Azure Blob Storage answered 403 AuthorizationFailure', retryable: false, httpStatus: 403 });
    expect(error.responseExcerpt).toMatch(/^Server failed to authenticate the request/);
    expect(JSON.stringify({ message: error.message, excerpt: error.responseExcerpt })).not.toContain(WRONG_ACCOUNT_KEY);
  });

  it('retries when the service cannot be reached or the attempt times out', async () => {
    const down = azurite.connectionString().replace(`:${azurite.port}/`, `:${await freePort()}/`);
    expect(await failureOf(deliverWith(await target.openClient({ ConnectionString: down })))).toMatchObject({
      message: expect.stringMatching(/^Azure Blob Storage could not be reached \(ECONNREFUSED\)/),
      retryable: true,
    });
    const client = await target.openClient(config);
    const timedOut = { ...deliveryRequestFor(lineItemAddedMessage(), config), client, signal: AbortSignal.abort(new Error('timed out')) };
    expect(await failureOf(target.deliver(timedOut))).toMatchObject({
      retryable: true,
      message: expect.stringContaining('did not answer in time'),
    });
  });

  it('refuses for good a connection string the SDK cannot use', async () => {
    const unusable = 'DefaultEndpointsProtocol=ftp;AccountName=shop;AccountKey=a2V5;EndpointSuffix=core.windows.net';
    expect(await failureOf(target.openClient({ ConnectionString: unusable }))).toMatchObject({
      message: expect.stringMatching(/^The AzureBlob ConnectionString cannot be used: Invalid DefaultEndpointsProtocol/),
      retryable: false,
    });
  });
});
