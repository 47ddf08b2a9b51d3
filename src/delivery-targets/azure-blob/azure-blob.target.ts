import { Injectable } from '@nestjs/common';
import { TargetNetworkPolicy } from '../network-policy';
import { CreatedOnDemand } from '../azure-storage/created-on-demand';
import { sdkConnectionString } from '../azure-storage/storage-connection-string';
import { DeliveryFailedError } from '../delivery-failed.error';
import { DeliveryTarget } from '../delivery-target.decorator';
import type { DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-target.interface';
import { AzureBlobConfig } from './azure-blob-config';
import { toMessageBlob, type MessageBlob } from './azure-blob-payload';

export const DEFAULT_AZURE_BLOB_CONTAINER = 'trackingevents';
const SERVICE = 'Azure Blob Storage';

/** One DeliveryConfig's container, as the target writes to it (its own shape: the library's types need no Azure package). */
export interface AzureBlobContainer {
  /** Writes the blob (replacing one of the same name); resolves to the service's HTTP status. */
  write(blob: MessageBlob, signal: AbortSignal): Promise<number>;
}

/**
 * `DeliveryTargets.AzureBlob`: each message written as one JSON blob named after its delivery ID, so
 * that retries and replays overwrite the same blob. No `deliverBatch`: Blob Storage writes one blob
 * per request (its batch API only deletes and sets tiers), and the target's concurrency already
 * writes many at once.
 */
@DeliveryTarget('AzureBlob')
@Injectable()
export class AzureBlobTarget implements DeliveryTargetHandler<AzureBlobConfig, AzureBlobContainer> {
  readonly configModel = AzureBlobConfig;
  readonly requiredPackages = ['@azure/storage-blob'];

  constructor(private readonly networkPolicy: TargetNetworkPolicy) {}

  async openClient(config: AzureBlobConfig): Promise<AzureBlobContainer> {
    const { BlobServiceClient } = await import('@azure/storage-blob');
    const containerName = config.OverrideContainerName ?? DEFAULT_AZURE_BLOB_CONTAINER;
    let service: InstanceType<typeof BlobServiceClient>;
    try {
      // One try per call: the delivery queue retries, with backoff, the circuit breaker and a dead letter.
      service = BlobServiceClient.fromConnectionString(sdkConnectionString(config.ConnectionString, 'Blob').connectionString, {
        retryOptions: { maxTries: 1 },
      });
    } catch (error) {
      // The SDK's reasons name the part that is wrong, never its value.
      throw new DeliveryFailedError(`The AzureBlob ConnectionString cannot be used: ${(error as Error).message}`, { retryable: false });
    }
    const container = service.getContainerClient(containerName);
    const host = new URL(service.url).hostname;
    const created = new CreatedOnDemand(
      SERVICE,
      (abortSignal) => container.createIfNotExists({ abortSignal }),
      () => this.networkPolicy.assertAllowed(host),
    );
    return {
      write: (blob, signal) =>
        created.write(signal, async () => {
          const response = await container.getBlockBlobClient(blob.name).upload(blob.body, Buffer.byteLength(blob.body), {
            blobHTTPHeaders: { blobContentType: 'application/json' },
            metadata: blob.metadata,
            abortSignal: signal,
          });
          return response._response.status;
        }),
    };
  }

  /** The SDK's clients share Node's HTTP agent: there is no connection of their own to close. */
  async closeClient(): Promise<void> {}

  async deliver({ message, client, deliveryId, signal }: DeliveryRequest<AzureBlobConfig, AzureBlobContainer>): Promise<DeliveryOutcome> {
    const httpStatus = await client.write(toMessageBlob(message, deliveryId), signal);
    return { status: 'delivered', httpStatus };
  }
}
