import type { Type } from '@nestjs/common';
import type { TrackingMessage } from '../messages/tracking-message';

/** One delivery of one message to one target, as a target sees it. @publicApi */
export interface DeliveryRequest<Config extends object = Record<string, unknown>> {
  message: TrackingMessage;
  /** This target's entry of the DeliveryConfig's `DeliveryTargets`, secrets included. */
  config: Config;
  /** The TrackingEvent that routed the message here; its ConfigData tunes the mapping. */
  trackingEvent: { ID: string; ConfigData: unknown };
  deliveryConfigId: string;
  /**
   * Stable for this message, TrackingEvent and target across every retry and replay, and different
   * for every other delivery: receivers use it to drop duplicates (`webhook-id`).
   */
  deliveryId: string;
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the delivery times out or the worker shuts down. */
  signal: AbortSignal;
}

/** How a delivery ended when it did not fail. @publicApi */
export type DeliveryOutcome =
  | { status: 'delivered'; httpStatus?: number }
  /** Nothing to send for this message (e.g. a quantity decrease, which Discover has no event for). */
  | { status: 'skipped'; reason: string };

/**
 * A place messages are delivered to. Each target type has its own queue, retries and Bull Board
 * entry; a host adds its own with `@DeliveryTarget('Name')` and the module's `targets` setting.
 * Throw a `DeliveryFailedError` to fail an attempt (retryable or not); any other error is retried.
 * @publicApi
 */
export interface DeliveryTargetHandler<Config extends object = Record<string, unknown>> {
  /** The class-validator model the admin API checks this target's configuration against. */
  readonly configModel: Type<Config>;
  deliver(request: DeliveryRequest<Config>): Promise<DeliveryOutcome>;
}
