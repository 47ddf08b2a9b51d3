import type { Type } from '@nestjs/common';
import type { DeliveryTargetHandler } from './delivery-target.interface';

const DELIVERY_TARGET_METADATA = 'tracking-events:delivery-target';

/** A target type is the key of its configuration in `DeliveryTargets`, e.g. `Http` or `AuditLog`. */
export const TARGET_TYPE_PATTERN = /^[A-Z][A-Za-z0-9]{0,49}$/;

/**
 * Declares a delivery target class and the `DeliveryTargets` key it delivers for.
 * @publicApi
 */
export function DeliveryTarget(type: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(DELIVERY_TARGET_METADATA, type, target);
}

/** The type a target class declared with `@DeliveryTarget()`, or undefined. */
export function deliveryTargetTypeOf(target: Type<DeliveryTargetHandler<object>> | Function): string | undefined {
  return Reflect.getMetadata(DELIVERY_TARGET_METADATA, target);
}
