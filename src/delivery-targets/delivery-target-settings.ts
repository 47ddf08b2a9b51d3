import type { KafkaSettings } from './kafka/kafka-settings';

/** What the library's own targets read of the module's settings (provided by the module, which resolves them). */
export interface DeliveryTargetSettings {
  /** How long an attempt of the target type may take: its delivery policy's `timeoutMs`. */
  attemptTimeoutMs(targetType: string): number;
  kafka: Required<KafkaSettings>;
}

export const DELIVERY_TARGET_SETTINGS = Symbol('DELIVERY_TARGET_SETTINGS');
