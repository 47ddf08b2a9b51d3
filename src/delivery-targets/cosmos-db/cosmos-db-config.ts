import { isURL, ValidateBy } from 'class-validator';
import { ApiPropertyOptional } from '../../common/openapi';
import { OptionalString } from '../../common/validation';
import { AzureConnectionString, parseAzureConnectionString } from '../azure-connection-string';

/** The database the target writes to unless the config names another. */
export const DEFAULT_COSMOS_DB_DATABASE = 'TrackingEvents';

/** `DeliveryTargets.CosmosDb`: one item per message in the `TrackingEvents` container of a Cosmos DB for NoSQL account. */
export class CosmosDbConfig {
  /** `AccountEndpoint=https://<account>.documents.azure.com:443/;AccountKey=<key>;` */
  @AzureConnectionString([['AccountEndpoint', 'AccountKey']])
  @HasHttpAccountEndpoint()
  ConnectionString: string;

  /** The database instead of `TrackingEvents`, under Cosmos DB's rules for resource names. */
  @ApiPropertyOptional({ maxLength: 255, description: 'The database instead of `TrackingEvents`.', example: 'TrackingEvents' })
  @OptionalString({
    maxLength: 255,
    pattern: { regex: /^[^/\\#?]*[^/\\#? ]$/, message: 'cannot contain /, \\, # or ? nor end with a space' },
  })
  OverrideDatabaseName?: string;
}

/** The account endpoint and key of a connection string that passed `CosmosDbConfig`'s checks. */
export function cosmosDbAccountOf(connectionString: string): { endpoint: string; key: string } {
  const settings = parseAzureConnectionString(connectionString);
  return { endpoint: settings.get('accountendpoint') ?? '', key: settings.get('accountkey') ?? '' };
}

/**
 * The connection string's AccountEndpoint is an absolute http(s) URL. A string without one is left to
 * `@AzureConnectionString`, so that it gets one message only.
 */
function HasHttpAccountEndpoint(): PropertyDecorator {
  return ValidateBy({
    name: 'cosmosDbAccountEndpoint',
    validator: {
      validate: (value: unknown) => {
        let endpoint: string | undefined;
        try {
          endpoint = typeof value === 'string' ? parseAzureConnectionString(value).get('accountendpoint') : undefined;
        } catch {
          return true;
        }
        if (!endpoint) return true;
        return isURL(endpoint, { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true });
      },
      // Never the value: the connection string holds the account key.
      defaultMessage: () => 'must have an AccountEndpoint that is an absolute http or https URL',
    },
  });
}
