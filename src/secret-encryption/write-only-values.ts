import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { isPlainObject } from '../common/patch';
import { writeOnlyPropertiesOf } from '../delivery-targets/write-only.decorator';
import type { StoredDeliveryTargets } from '../entities/delivery-config.entity';
import type { SecretLocation } from './secret-location';

/** Target type → configuration model, as the registry gives them. */
export type TargetConfigModels = Readonly<Record<string, Type<object>>>;

/**
 * The targets with each write-only value that is set (at any depth) replaced by what `replace` makes of
 * it; everything else is kept as it is. A target type without a model is kept whole.
 */
export function mapWriteOnlyValues(
  targets: StoredDeliveryTargets,
  models: TargetConfigModels,
  replace: (value: unknown, at: SecretLocation) => unknown,
): StoredDeliveryTargets {
  const result: StoredDeliveryTargets = {};
  for (const [targetType, config] of Object.entries(targets)) {
    const model = models[targetType];
    result[targetType] =
      model && isPlainObject(config)
        ? mapIn(config, plainToInstance(model, config), '', (value, property) => replace(value, { targetType, property }))
        : config;
  }
  return result;
}

/** Every write-only value that is set, with where it is. */
export function writeOnlyValuesOf(
  targets: StoredDeliveryTargets,
  models: TargetConfigModels,
): Array<{ value: unknown; at: SecretLocation }> {
  const found: Array<{ value: unknown; at: SecretLocation }> = [];
  mapWriteOnlyValues(targets, models, (value, at) => {
    found.push({ value, at });
    return value;
  });
  return found;
}

function mapIn(
  plain: Record<string, unknown>,
  shape: object,
  prefix: string,
  replace: (value: unknown, property: string) => unknown,
): Record<string, unknown> {
  const result = { ...plain };
  for (const { name } of writeOnlyPropertiesOf(shape.constructor)) {
    if (result[name] !== undefined && result[name] !== null) result[name] = replace(result[name], prefix + name);
  }
  for (const [key, nested] of Object.entries(shape)) {
    const value = plain[key];
    if (isModelInstance(nested) && isPlainObject(value)) result[key] = mapIn(value, nested, `${prefix}${key}.`, replace);
  }
  return result;
}

/** An instance of a target model class (as opposed to a plain JSON value inside a config). */
export function isModelInstance(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.constructor !== Object;
}
