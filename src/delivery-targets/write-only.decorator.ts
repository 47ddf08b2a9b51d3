import type { Type } from '@nestjs/common';

const WRITE_ONLY_METADATA = 'tracking-events:write-only';

/** A secret property of a target model and what it belongs to. */
export interface WriteOnlyProperty {
  name: string;
  /** The property this secret is the value of (a header value belongs to its header name). */
  belongsTo?: string;
}

/**
 * Marks a target property as a secret: it is accepted on writes, kept when a later PUT or PATCH
 * leaves it out, and never returned by the API. A secret that `belongsTo` another property is kept
 * only while that property is still set.
 */
export function WriteOnly(options: { belongsTo?: string } = {}): PropertyDecorator {
  return (target, propertyKey) => {
    const owner = target.constructor;
    const existing: WriteOnlyProperty[] = Reflect.getOwnMetadata(WRITE_ONLY_METADATA, owner) ?? [];
    Reflect.defineMetadata(WRITE_ONLY_METADATA, [...existing, { name: String(propertyKey), belongsTo: options.belongsTo }], owner);
  };
}

/** The secret properties declared on a target model class. */
export function writeOnlyPropertiesOf(model: Type<unknown> | Function): readonly WriteOnlyProperty[] {
  return Reflect.getMetadata(WRITE_ONLY_METADATA, model) ?? [];
}
