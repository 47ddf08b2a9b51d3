import type { Type } from '@nestjs/common';
import type { TraceHeaders } from '../common/tracing';
import type { TrackingMessage } from '../messages/tracking-message';

/** One delivery of one message to one target, as a target sees it. @publicApi */
export interface DeliveryRequest<Config extends object = Record<string, unknown>, Client = undefined> {
  message: TrackingMessage;
  /** This target's entry of the DeliveryConfig's `DeliveryTargets`, secrets included. */
  config: Config;
  /** What `openClient` opened for this DeliveryConfig's target; undefined for a target without `openClient`. */
  client: Client;
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
  /**
   * The W3C trace context of this attempt's span (`traceparent`, `tracestate`) when the host traces with
   * OpenTelemetry, else empty: a target whose protocol has headers sends them with the message.
   */
  traceHeaders: TraceHeaders;
}

/** How a delivery ended when it did not fail. @publicApi */
export type DeliveryOutcome =
  | { status: 'delivered'; httpStatus?: number }
  /** Nothing to send for this message (e.g. a quantity decrease, which Discover has no event for). */
  | { status: 'skipped'; reason: string };

/** What a target's `deliverBatch` made of one request: its outcome, or why its attempt failed. @publicApi */
export type BatchDeliveryResult = DeliveryOutcome | { failure: unknown };

/**
 * A place messages are delivered to. Each target type has its own queue, retries and Bull Board
 * entry; a host adds its own with `@DeliveryTarget('Name')`, declares it as a provider of one of its
 * modules and names it in the module's `targets` setting.
 * Throw a `DeliveryFailedError` to fail an attempt (retryable or not); any other error is retried.
 * @publicApi
 */
export interface DeliveryTargetHandler<Config extends object = Record<string, unknown>, Client = undefined> {
  /** The class-validator model the admin API checks this target's configuration against. */
  readonly configModel: Type<Config>;
  /**
   * npm packages the target loads (a client library it has as an optional peer dependency): the app
   * stops at boot, naming the one to install, when one is missing.
   */
  readonly requiredPackages?: readonly string[];
  /**
   * Opens what the target delivers with (a producer, a connection) for one DeliveryConfig's
   * configuration of it: opened at the first delivery, reused by the next ones, closed with
   * `closeClient` once its configuration changes or is removed, and at shutdown.
   */
  openClient?(config: Config, deliveryConfigId: string): Promise<Client>;
  closeClient?(client: Client): Promise<void>;
  deliver(request: DeliveryRequest<Config, Client>): Promise<DeliveryOutcome>;
  /**
   * For a service that takes many messages per call: the first attempts of queued deliveries to one
   * DeliveryConfig, together (retries go through `deliver`). Resolves to one result per request, in
   * their order; a rejection fails every attempt of the call. One order's first attempts come in the
   * order they reached the worker process: a call waits for the calls before it that hold the same orders.
   */
  deliverBatch?(requests: DeliveryRequest<Config, Client>[]): Promise<BatchDeliveryResult[]>;
}
