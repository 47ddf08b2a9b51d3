import { ApiPropertyOptional } from '../../common/openapi';
import { OptionalString } from '../../common/validation';
import { StorageConnectionString } from '../azure-storage/storage-connection-string';

/** Azure's rule for container names, length included. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** `DeliveryTargets.AzureBlob`: one JSON blob per message in a storage account's container. */
export class AzureBlobConfig {
  /** The storage account's connection string (write-only). */
  @StorageConnectionString('Blob')
  ConnectionString: string;

  @ApiPropertyOptional({ description: 'The container instead of `trackingevents`; created when missing.', example: 'tracking-events' })
  @OptionalString({
    pattern: {
      regex: CONTAINER_NAME,
      message: 'must be 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit',
    },
  })
  OverrideContainerName?: string;
}
