import { AzureConnectionString, parseAzureConnectionString } from '../azure-connection-string';

/** The storage services a target writes to, as connection strings name their endpoints (`BlobEndpoint`). */
export type StorageService = 'Blob' | 'Table';

/** Azure's own suffix, which a connection string without one means. */
const PUBLIC_CLOUD_SUFFIX = 'core.windows.net';

/** The keys the SDKs read, spelled as they expect: they find keys case-sensitively. */
const CANONICAL_KEYS = [
  'DefaultEndpointsProtocol',
  'AccountName',
  'AccountKey',
  'EndpointSuffix',
  'BlobEndpoint',
  'TableEndpoint',
  'SharedAccessSignature',
];

/**
 * The `ConnectionString` of a storage account for one service: an account key (with
 * `DefaultEndpointsProtocol`/`EndpointSuffix` or the service's endpoint), a shared access signature
 * with the service's endpoint, or `UseDevelopmentStorage=true` (the local emulator).
 */
export function StorageConnectionString(service: StorageService): PropertyDecorator {
  return AzureConnectionString([['AccountName', 'AccountKey'], [`${service}Endpoint`, 'SharedAccessSignature'], ['UseDevelopmentStorage']]);
}

/** A saved connection string as the SDK's `fromConnectionString` reads it, and whether it talks plain HTTP. */
export interface SdkConnectionString {
  connectionString: string;
  overHttp: boolean;
}

/**
 * Fills in what the SDKs need but Azure lets a connection string leave out: the SDKs take a string
 * with an account key only with `DefaultEndpointsProtocol` (the endpoint's scheme, else https), and
 * without the service's endpoint only with `EndpointSuffix`.
 */
export function sdkConnectionString(saved: string, service: StorageService): SdkConnectionString {
  const settings = parseAzureConnectionString(saved);
  if (settings.get('usedevelopmentstorage')?.toLowerCase() === 'true') {
    return { connectionString: 'UseDevelopmentStorage=true', overHttp: true };
  }
  const endpoint = settings.get(`${service.toLowerCase()}endpoint`);
  if (settings.has('accountkey')) {
    if (!settings.has('defaultendpointsprotocol'))
      settings.set('defaultendpointsprotocol', endpoint?.split(':')[0].toLowerCase() ?? 'https');
    if (!endpoint && !settings.has('endpointsuffix')) settings.set('endpointsuffix', PUBLIC_CLOUD_SUFFIX);
  }
  const connectionString = CANONICAL_KEYS.filter((key) => settings.has(key.toLowerCase()))
    .map((key) => `${key}=${settings.get(key.toLowerCase())}`)
    .join(';');
  const scheme = endpoint ? endpoint.split(':')[0] : settings.get('defaultendpointsprotocol');
  return { connectionString, overHttp: scheme?.toLowerCase() === 'http' };
}
