import { OptionalString, RequiredString } from '../../../common/validation';
import { WriteOnly } from './write-only.decorator';

/** `DeliveryTargets.AzureBlob`: one blob per message in an Azure Storage account. */
export class AzureBlobConfig {
  /** Storage account connection string. */
  @WriteOnly()
  @RequiredString({ maxLength: 2000 })
  ConnectionString: string;

  @OptionalString({ maxLength: 63 })
  OverrideContainerName?: string;
}

/** `DeliveryTargets.AzureTable`: one row per message in Azure Table storage. */
export class AzureTableConfig {
  @WriteOnly()
  @RequiredString({ maxLength: 2000 })
  ConnectionString: string;

  @OptionalString({ maxLength: 63 })
  OverrideTableName?: string;
}

/** `DeliveryTargets.CosmosDb`: one document per message in Azure Cosmos DB. */
export class CosmosDbConfig {
  @WriteOnly()
  @RequiredString({ maxLength: 2000 })
  ConnectionString: string;

  @OptionalString({ maxLength: 255 })
  OverrideDatabaseName?: string;
}
