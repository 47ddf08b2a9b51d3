import type { Type } from '@nestjs/common';
import { ConnectsTo } from './network-policy/connects-to.decorator';

const DESTINATION_METADATA = 'tracking-events:destination';

/**
 * Marks the property of a target model that says where deliveries go (an endpoint URL, brokers).
 * A change of its origin (scheme, host and port; the set of brokers) must restate the target's
 * write-only secrets: a stored secret is never sent to a host it was not saved for.
 */
export function Destination(): PropertyDecorator {
  const connectsTo = ConnectsTo(destinationHostsOf);
  return (target, propertyKey) => {
    connectsTo(target, propertyKey);
    const owner = target.constructor;
    const existing: string[] = Reflect.getOwnMetadata(DESTINATION_METADATA, owner) ?? [];
    Reflect.defineMetadata(DESTINATION_METADATA, [...existing, String(propertyKey)], owner);
  };
}

/** The destination properties declared on a target model class. */
export function destinationPropertiesOf(model: Type<unknown> | Function): readonly string[] {
  return Reflect.getMetadata(DESTINATION_METADATA, model) ?? [];
}

/**
 * Where a destination value points, for comparison: a URL's origin, or the set of `host:port`
 * entries of a broker list, case-insensitively.
 */
export function destinationOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.includes('://')) {
    try {
      return new URL(value).origin.toLowerCase();
    } catch {
      return value.trim().toLowerCase();
    }
  }
  return value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .sort()
    .join(',');
}

/** The hosts a destination value names: a URL's host, or each host of a `host:port,host:port` broker list. */
export function destinationHostsOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  if (value.includes('://')) {
    try {
      return [new URL(value).hostname];
    } catch {
      return [];
    }
  }
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => (entry.startsWith('[') ? entry.slice(0, entry.indexOf(']') + 1) : entry.replace(/:\d*$/, '')));
}
