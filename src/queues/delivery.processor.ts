import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DeliveryFailedError } from '../delivery-targets/delivery-failed.error';
import type { DeliveryOutcome } from '../delivery-targets/delivery-target.interface';
import { DeliveryTargetRegistry } from '../delivery-targets/delivery-target.registry';
import { RoutingTable } from '../routing/routing-table';
import type { DeliveryJobData } from './delivery-job';

/**
 * Makes one delivery attempt with the target's current configuration (a fixed endpoint or
 * secret applies to the retries of deliveries already queued). A DeliveryConfig, target or
 * TrackingEvent removed or disabled since the event was routed makes the delivery a skip.
 */
@Injectable()
export class DeliveryProcessor {
  constructor(
    private readonly routingTable: RoutingTable,
    private readonly registry: DeliveryTargetRegistry,
  ) {}

  async process(delivery: DeliveryJobData, attempt: number, signal: AbortSignal): Promise<DeliveryOutcome> {
    const config = await this.routingTable.deliveryConfig(delivery.deliveryConfigId);
    if (!config) return skipped(`DeliveryConfig ${delivery.deliveryConfigId} no longer exists`);
    if (!config.enabled) return skipped(`DeliveryConfig ${delivery.deliveryConfigId} is disabled`);
    const targetConfig = config.deliveryTargets[delivery.targetType];
    if (!targetConfig) return skipped(`DeliveryConfig ${delivery.deliveryConfigId} no longer delivers to ${delivery.targetType}`);
    const trackingEvent = await this.routingTable.trackingEvent(delivery.trackingEventId);
    if (!trackingEvent) return skipped(`TrackingEvent ${delivery.trackingEventId} no longer exists`);
    const handler = this.registry.get(delivery.targetType);
    if (!handler) throw new UnrecoverableError(`No delivery target of type ${delivery.targetType} on this server`);

    try {
      return await handler.deliver({
        message: delivery.message,
        config: targetConfig,
        trackingEvent: { ID: trackingEvent.id, ConfigData: trackingEvent.configData ?? null },
        deliveryConfigId: delivery.deliveryConfigId,
        deliveryId: delivery.deliveryId,
        attempt,
        signal,
      });
    } catch (error) {
      // BullMQ ends a job at once on an UnrecoverableError; anything else is retried.
      if (error instanceof DeliveryFailedError && !error.retryable) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}

function skipped(reason: string): DeliveryOutcome {
  return { status: 'skipped', reason };
}
