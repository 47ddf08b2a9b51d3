import { Injectable, Logger } from '@nestjs/common';
import type { CapturedEvent } from '../capture/captured-event';
import { UnrecoverableError } from 'bullmq';
import { HydrationFailedError } from '../hydration/hydration-failed.error';
import { MessageHydrator } from '../hydration/message-hydrator';
import type { TrackingMessage } from '../hydration/tracking-message';
import { DeliveryJobData, deliveryIdOf } from '../queues/delivery-job';
import { TargetQueues } from '../queues/target-queues';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { RoutingTable } from './routing-table';

/** What routing made of one event. */
export interface IntakeResult {
  deliveryIds: string[];
}

/**
 * Routes a captured event: finds the TrackingEvents of its API client and type whose DeliveryConfig
 * is enabled, hydrates the message once, and queues one delivery per TrackingEvent and target.
 */
@Injectable()
export class IntakeProcessor {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

  constructor(
    private readonly routingTable: RoutingTable,
    private readonly hydrator: MessageHydrator,
    private readonly targetQueues: TargetQueues,
  ) {}

  async process(event: CapturedEvent): Promise<IntakeResult> {
    const routes = await this.routingTable.routesFor(event.Context.ClientID, event.EventType);
    const destinations = routes.flatMap((route) =>
      route.targetTypes.flatMap((targetType) => {
        if (this.targetQueues.has(targetType)) return [{ ...route, targetType }];
        // Only a DeliveryConfig written before a target type was removed from the server can name one.
        this.logger.error(
          `Event ${event.ID}: DeliveryConfig ${route.deliveryConfigId} names target ${targetType}, which this server cannot deliver to.`,
        );
        return [];
      }),
    );
    if (destinations.length === 0) return { deliveryIds: [] };

    const message = await this.hydrate(event);
    const deliveries: DeliveryJobData[] = destinations.map((destination) => ({
      deliveryId: deliveryIdOf(event.ID, destination.trackingEventId, destination.targetType),
      eventId: event.ID,
      trackingEventId: destination.trackingEventId,
      deliveryConfigId: destination.deliveryConfigId,
      targetType: destination.targetType,
      message,
    }));
    await this.targetQueues.enqueue(deliveries);
    return { deliveryIds: deliveries.map((delivery) => delivery.deliveryId) };
  }

  private async hydrate(event: CapturedEvent): Promise<TrackingMessage> {
    try {
      return await this.hydrator.hydrate(event);
    } catch (error) {
      // Missing data will not appear on a retry; a database that is down may come back.
      if (error instanceof HydrationFailedError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
