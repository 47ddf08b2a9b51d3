import type { Type } from '@nestjs/common';
import { deliveryTargetTypeOf, TARGET_TYPE_PATTERN } from './delivery-target.decorator';
import type { DeliveryTargetHandler } from './delivery-target.interface';
import { InvalidDeliveryTargetError } from './invalid-delivery-target.error';

/** The target classes of the module: the built-in ones and the host's. */
export const DELIVERY_TARGET_CLASSES = Symbol('DELIVERY_TARGET_CLASSES');

/** A target class and the `DeliveryTargets` key it delivers for. */
export interface DeclaredTarget {
  type: string;
  targetClass: Type<DeliveryTargetHandler<object>>;
}

/**
 * Reads the target type of every target class, at module definition, so that each gets its queue.
 * A class without `@DeliveryTarget()`, a malformed type or a type declared twice stops the boot.
 */
export function declareTargets(targetClasses: Type<DeliveryTargetHandler<object>>[]): DeclaredTarget[] {
  const declared: DeclaredTarget[] = [];
  for (const targetClass of targetClasses) {
    const type = deliveryTargetTypeOf(targetClass);
    if (type === undefined) throw InvalidDeliveryTargetError.undecorated(targetClass.name);
    if (!TARGET_TYPE_PATTERN.test(type)) throw InvalidDeliveryTargetError.malformedType(targetClass.name, type);
    const twin = declared.find((target) => target.type === type);
    if (twin) throw InvalidDeliveryTargetError.duplicate(type, twin.targetClass.name, targetClass.name);
    declared.push({ type, targetClass });
  }
  return declared;
}

/** The delivery target instances by type, built once the target classes are instantiated. */
export class DeliveryTargetRegistry {
  private readonly handlers: Map<string, DeliveryTargetHandler<object>>;

  constructor(targets: Array<DeclaredTarget & { handler: DeliveryTargetHandler<object> }>) {
    for (const { targetClass, handler } of targets) {
      if (typeof handler.configModel !== 'function' || typeof handler.deliver !== 'function') {
        throw InvalidDeliveryTargetError.incomplete(targetClass.name);
      }
    }
    this.handlers = new Map(targets.map(({ type, handler }) => [type, handler]));
  }

  get(type: string): DeliveryTargetHandler<object> | undefined {
    return this.handlers.get(type);
  }

  /** Target type → configuration model: what a DeliveryConfig's `DeliveryTargets` may name. */
  configModels(): Record<string, Type<object>> {
    return Object.fromEntries([...this.handlers].map(([type, handler]) => [type, handler.configModel]));
  }
}
