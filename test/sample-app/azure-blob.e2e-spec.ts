import { BlobServiceClient } from '@azure/storage-blob';
import { Auth, Cart, DeliveryConfigurations, Tokens } from 'ordercloud-javascript-sdk';
import { DeadLettersService, MESSAGE_NAMESPACES } from '../../src';
import { AZURITE_ACCOUNT_KEY, startAzurite, WRONG_ACCOUNT_KEY, type AzuriteServer } from '../support/azurite-server';
import { sdkFailure } from '../support/ordercloud-error';
import { BUYER, loginAsAdmin, type RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { attemptsOf, configureDeliveryTo, deadLettersOf, runShopperJourney, waitForItems } from '../support/target-journey';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

interface StoredBlob {
  name: string;
  contentType: string | undefined;
  metadata: Record<string, string>;
  payload: Record<string, any>;
}

/** The AzureBlob target, configured through the official SDK, writing to Azurite's Blob service. */
describe.each(TEST_DATABASES)('AzureBlob deliveries ($name)', (database) => {
  let azurite: AzuriteServer;
  let running: RunningSampleApp;
  const blobTarget = (container: string, accountKey = AZURITE_ACCOUNT_KEY) => ({
    AzureBlob: { ConnectionString: azurite.connectionString(accountKey), OverrideContainerName: container },
  });
  const containerClient = (container: string) =>
    BlobServiceClient.fromConnectionString(azurite.connectionString(), { retryOptions: { maxTries: 1 } }).getContainerClient(container);

  /** Every blob of the container, read with the SDK; none while the container does not exist. */
  const blobsIn = async (container: string): Promise<StoredBlob[]> => {
    const client = containerClient(container);
    if (!(await client.exists())) return [];
    const blobs: StoredBlob[] = [];
    for await (const item of client.listBlobsFlat({ includeMetadata: true })) {
      const body = await client.getBlobClient(item.name).downloadToBuffer();
      blobs.push({
        name: item.name,
        contentType: item.properties.contentType,
        metadata: item.metadata ?? {},
        payload: JSON.parse(body.toString('utf8')),
      });
    }
    return blobs;
  };
  const awaitBlobs = (container: string, count: number, timeoutMs?: number) =>
    waitForItems(`blobs in ${container}`, () => blobsIn(container), count, timeoutMs);

  beforeAll(async () => {
    azurite = await startAzurite('Blob');
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

  it('writes a journey as one JSON blob per message, named by event type, UTC day and delivery ID, with the namespace as metadata', async () => {
    await configureDeliveryTo(running, 'blob-journey', blobTarget('journey'), [AZURITE_ACCOUNT_KEY]);
    const { orderId, lineId } = await runShopperJourney();

    const blobs = await awaitBlobs('journey', 4);
    expect(blobs).toHaveLength(4);
    for (const blob of blobs) {
      const [eventType, yyyy, mm, dd, file] = blob.name.split('/');
      expect(blob.metadata.occurredat.slice(0, 10)).toBe(`${yyyy}-${mm}-${dd}`);
      expect(file).toMatch(new RegExp(`^${blob.metadata.eventid}-storefront-${eventType}-AzureBlob\\.json$`));
      expect(blob.metadata).toMatchObject({
        type: MESSAGE_NAMESPACES[eventType as keyof typeof MESSAGE_NAMESPACES],
        eventtype: eventType,
        clientid: 'storefront',
      });
      expect(blob.contentType).toBe('application/json');
    }
    const byType = (eventType: string) => blobs.find((blob) => blob.metadata.eventtype === eventType)!;
    expect(byType('UserLoggedIn').payload.UserContext).toMatchObject({ ID: expect.any(String) });
    expect(byType('LineItemAdded').payload).toMatchObject({ OrderId: orderId, LineItem: { LineID: lineId, Quantity: 2 } });
    expect(byType('LineItemUpdated').payload).toMatchObject({ OrderId: orderId, PreviousQuantity: 2, LineItem: { Quantity: 3 } });
    expect(byType('OrderSubmitted').payload).toMatchObject({ OrderID: orderId, LineItems: [expect.objectContaining({ Quantity: 3 })] });
    // Blobs have no order of their own: the order's events read back in order by their occurredat metadata.
    const orderEvents = blobs.filter((blob) => blob.metadata.eventtype !== 'UserLoggedIn');
    expect(
      orderEvents.sort((a, b) => a.metadata.occurredat.localeCompare(b.metadata.occurredat)).map((blob) => blob.metadata.eventtype),
    ).toEqual(['LineItemAdded', 'LineItemUpdated', 'OrderSubmitted']);
  });

  it('retries an attempt that found its container deleted, and leaves one blob', async () => {
    await configureDeliveryTo(running, 'blob-retry', blobTarget('retried'));
    Tokens.SetAccessToken((await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper'])).access_token);
    await awaitBlobs('retried', 1);
    await containerClient('retried').delete();

    const line = await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });
    const [added] = await awaitBlobs('retried', 1);
    expect(added.payload.LineItem.LineID).toBe(line.ID);
    // The delivery log is written once a second.
    const refused = await waitFor('the refused attempt in the log', async () => (await attemptsOf(running, 'blob-retry', 'Retrying'))[0]);
    expect(refused).toMatchObject({ HttpStatus: 404, Detail: expect.stringMatching(/^Azure Blob Storage answered 404 ContainerNotFound/) });
    expect(added.name).toContain(refused.DeliveryID);
    expect(await blobsIn('retried')).toHaveLength(1);
  });

  it('makes a wrong account key a dead letter at once, with a reason and no key; a replay writes one blob each', async () => {
    await configureDeliveryTo(running, 'blob-denied', blobTarget('denied', WRONG_ACCOUNT_KEY), [WRONG_ACCOUNT_KEY]);
    await runShopperJourney();
    const letters = await waitForItems('dead letters', () => deadLettersOf(running, 'blob-denied'), 4);
    for (const letter of letters) {
      expect(letter.Attempts).toHaveLength(1);
      expect(letter.LastError).toMatch(/^Azure Blob Storage answered 403 AuthorizationFailure: Server failed to authenticate the request/);
      expect(JSON.stringify(letter)).not.toContain(WRONG_ACCOUNT_KEY);
    }

    await loginAsAdmin();
    await DeliveryConfigurations.Patch('blob-denied', { DeliveryTargets: blobTarget('denied') as never });
    for (const letter of letters) await running.app.get(DeadLettersService).replay(letter.ID);
    const blobs = await awaitBlobs('denied', 4);
    expect(blobs.map((blob) => blob.name.split('/')[4]).sort()).toEqual(letters.map((letter) => `${letter.ID}.json`).sort());
    await waitFor('the replayed letters resolved', async () => (await deadLettersOf(running, 'blob-denied')).length === 0);
  });

  it('retries while Blob Storage is down and writes everything once it is back: nothing lost, one blob each', async () => {
    await configureDeliveryTo(running, 'blob-outage', blobTarget('outage'));
    await azurite.stop();
    try {
      await runShopperJourney();
      await waitFor('a failed attempt', async () => (await attemptsOf(running, 'blob-outage', 'Retrying')).length >= 1, 15_000);
    } finally {
      await azurite.start();
    }
    const blobs = await awaitBlobs('outage', 4, 30_000);
    expect(blobs).toHaveLength(4);
    expect(new Set(blobs.map((blob) => blob.metadata.eventtype))).toEqual(new Set(Object.keys(MESSAGE_NAMESPACES)));
    expect((await attemptsOf(running, 'blob-outage', 'Retrying'))[0].Detail).toMatch(
      /^Azure Blob Storage could not be reached \(ECONNREFUSED\)/,
    );
    expect(await deadLettersOf(running, 'blob-outage')).toEqual([]);
    // The restarted service kept what it had: the journey's blobs.
    expect(await blobsIn('journey')).toHaveLength(4);
  });

  it('refuses a connection string without the keys it needs and a malformed container name, naming each field and no secret', async () => {
    await loginAsAdmin();
    const failure = await sdkFailure(
      DeliveryConfigurations.Create({
        ID: 'blob-invalid',
        Name: 'blob-invalid',
        DeliveryTargets: {
          AzureBlob: { ConnectionString: 'https://shop.blob.core.windows.net/?sig=c2VjcmV0', OverrideContainerName: 'Tracking_Events' },
        } as never,
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.errors).toEqual([
      {
        ErrorCode: 'ValidationFailure',
        Message: expect.stringMatching(
          /ConnectionString must be a connection string of Key=Value parts with AccountName \+ AccountKey, or BlobEndpoint/,
        ),
        Data: { Property: 'DeliveryTargets.AzureBlob.ConnectionString' },
      },
      {
        ErrorCode: 'ValidationFailure',
        Message: expect.stringMatching(/OverrideContainerName must be 3 to 63 lowercase letters/),
        Data: { Property: 'DeliveryTargets.AzureBlob.OverrideContainerName' },
      },
    ]);
    expect(JSON.stringify(failure.errors)).not.toContain('c2VjcmV0');
  });
});
