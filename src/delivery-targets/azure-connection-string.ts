import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsNotEmpty, IsString, MaxLength, ValidateBy } from 'class-validator';
import { ApiProperty } from '../common/openapi';
import { ConnectsTo } from './network-policy/connects-to.decorator';
import { WriteOnly } from './write-only.decorator';

/** The connection-string keys that hold an endpoint URL (storage services, Cosmos DB, Event Hubs' `sb://`). */
const ENDPOINT_KEYS = ['blobendpoint', 'tableendpoint', 'queueendpoint', 'fileendpoint', 'accountendpoint', 'endpoint'];

/** The hosts a connection string connects to: its endpoints, or the local emulator's loopback address. */
export function azureConnectionStringHostsOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  let settings: Map<string, string>;
  try {
    settings = parseAzureConnectionString(value);
  } catch {
    return [];
  }
  const hosts = settings.get('usedevelopmentstorage')?.toLowerCase() === 'true' ? ['127.0.0.1'] : [];
  for (const key of ENDPOINT_KEYS) {
    const endpoint = settings.get(key);
    if (!endpoint) continue;
    try {
      hosts.push(new URL(endpoint).hostname);
    } catch {
      // The SDK refuses it when the target opens its client.
    }
  }
  return hosts;
}

/** `Key=Value;Key=Value`, as Azure services hand out connection strings. Keys compare case-insensitively. */
export function parseAzureConnectionString(connectionString: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) throw new Error('every part of a connection string is Key=Value');
    // Values keep their own `=` (base64 keys end with it).
    settings.set(trimmed.slice(0, equals).trim().toLowerCase(), trimmed.slice(equals + 1).trim());
  }
  return settings;
}

/**
 * The write-only `ConnectionString` of an Azure target, checked for shape when saved: `Key=Value`
 * parts with one of the accepted sets of keys, so that a pasted URL or key alone is refused with
 * the keys expected instead of failing at every delivery.
 */
export function AzureConnectionString(acceptedKeySets: readonly (readonly string[])[]): PropertyDecorator {
  const expected = acceptedKeySets.map((keys) => keys.join(' + ')).join(', or ');
  return applyDecorators(
    WriteOnly(),
    ApiProperty({ writeOnly: true, maxLength: 2000, description: `A connection string of Key=Value parts with ${expected}.` }),
    ConnectsTo(azureConnectionStringHostsOf),
    IsDefined({ message: 'is required' }),
    IsString({ message: 'must be a string' }),
    IsNotEmpty({ message: 'must not be empty' }),
    MaxLength(2000, { message: 'must be at most 2000 characters long' }),
    ValidateBy({
      name: 'azureConnectionString',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && hasOneKeySet(value, acceptedKeySets),
        // Never the value: it holds a secret.
        defaultMessage: () => `must be a connection string of Key=Value parts with ${expected}`,
      },
    }),
  );
}

function hasOneKeySet(connectionString: string, acceptedKeySets: readonly (readonly string[])[]): boolean {
  let settings: Map<string, string>;
  try {
    settings = parseAzureConnectionString(connectionString);
  } catch {
    return false;
  }
  return acceptedKeySets.some((keys) => keys.every((key) => (settings.get(key.toLowerCase()) ?? '') !== ''));
}
