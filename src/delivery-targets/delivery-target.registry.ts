import { Inject, Injectable, OnModuleInit, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { deliveryTargetTypeOf, TARGET_TYPE_PATTERN } from './delivery-target.decorator';
import type { DeliveryTargetHandler } from './delivery-target.interface';
import { InvalidDeliveryTargetError } from './invalid-delivery-target.error';

/** The target classes of the module: the built-in ones and the host's. */
export const DELIVERY_TARGET_CLASSES = Symbol('DELIVERY_TARGET_CLASSES');

/** A target class and the `DeliveryTargets` key it delivers for. */
export interface DeclaredTarget {
  type: string;
  targetClass: Type<DeliveryTargetHandler<object, unknown>>;
}

/**
 * Reads the target type of every target class, at module definition, so that each gets its queue.
 * A class without `@DeliveryTarget()`, a malformed type or a type declared twice stops the boot.
 */
export function declareTargets(targetClasses: Type<DeliveryTargetHandler<object, unknown>>[]): DeclaredTarget[] {
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

/**
 * The delivery target instances by type. Each is the provider its module made, wherever it is
 * declared (a host target lives in the host's module, with whatever it injects), found once every
 * module is instantiated, as `@nestjs/bullmq` finds `@Processor` classes.
 */
@Injectable()
export class DeliveryTargetRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, DeliveryTargetHandler<object, unknown>>();

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(DELIVERY_TARGET_CLASSES) private readonly targets: DeclaredTarget[],
  ) {}

  onModuleInit(): void {
    for (const { type, targetClass } of this.targets) {
      const handler = this.instanceOf(targetClass);
      if (typeof handler.configModel !== 'function' || typeof handler.deliver !== 'function') {
        throw InvalidDeliveryTargetError.incomplete(targetClass.name);
      }
      if (typeof handler.openClient === 'function' && typeof handler.closeClient !== 'function') {
        throw InvalidDeliveryTargetError.clientNeverClosed(targetClass.name);
      }
      for (const packageName of handler.requiredPackages ?? []) {
        if (!isInstalled(packageName)) throw InvalidDeliveryTargetError.missingPackage(type, packageName);
      }
      this.handlers.set(type, handler);
    }
  }

  get(type: string): DeliveryTargetHandler<object, unknown> | undefined {
    return this.handlers.get(type);
  }

  /** Target type → configuration model: what a DeliveryConfig's `DeliveryTargets` may name. */
  configModels(): Record<string, Type<object>> {
    return Object.fromEntries([...this.handlers].map(([type, handler]) => [type, handler.configModel]));
  }

  private instanceOf(targetClass: Type<DeliveryTargetHandler<object, unknown>>): DeliveryTargetHandler<object, unknown> {
    try {
      return this.moduleRef.get(targetClass, { strict: false });
    } catch (error) {
      // Nest says which: not a provider of any module, or one of a scope that has no single instance.
      throw InvalidDeliveryTargetError.notProvided(targetClass.name, (error as Error).message);
    }
  }
}

function isInstalled(packageName: string): boolean {
  try {
    require.resolve(packageName);
    return true;
  } catch {
    return false;
  }
}
