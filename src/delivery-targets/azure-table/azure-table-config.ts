import { ApiPropertyOptional } from '../../common/openapi';
import { OptionalString } from '../../common/validation';
import { StorageConnectionString } from '../azure-storage/storage-connection-string';

/** Azure's rule for table names: "tables" is reserved. */
const TABLE_NAME = /^(?!tables$)[a-z][a-z0-9]{2,62}$/i;

/** `DeliveryTargets.AzureTable`: one entity per message in a storage account's table. */
export class AzureTableConfig {
  /** The storage account's connection string (write-only). */
  @StorageConnectionString('Table')
  ConnectionString: string;

  @ApiPropertyOptional({ description: 'The table instead of `TrackingEvents`; created when missing.', example: 'TrackingEvents' })
  @OptionalString({
    pattern: { regex: TABLE_NAME, message: 'must be 3 to 63 letters and digits starting with a letter, and not "tables"' },
  })
  OverrideTableName?: string;
}
