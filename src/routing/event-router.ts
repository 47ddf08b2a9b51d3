import { Injectable, Logger } from '@nestjs/common';
import type { CapturedEvent } from '../messages/captured-event';
import { HydrationFailedError } from '../hydration/hydration-failed.error';
import { MessageHydrator } from '../hydration/message-hydrator';
import { DeliveryJobData, deliveryIdOf } from '../messages/delivery-job';
import { TargetQueues } from '../queues/target-queues';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { Route, RoutingSnapshot, RoutingTable } from './routing-table';

/** Where a delivery goes: a TrackingEvent's route, to one of its targets. */
type Destination = Route & { targetType: string };

/** What routing made of a batch of events. */
export interface RoutingOutcome {
  /** One per event, TrackingEvent and target, in the order of the events. */
  deliveries: DeliveryJobData[];
  /** The events that could not be routed now (the routing table or their data could not be read), and why. */
  failures: Array<{ event: CapturedEvent; error: unknown }>;
}

/**
 * Routes captured events: finds the TrackingEvents of each event's API client and type whose
 * DeliveryConfig is enabled, hydrates each event's message once (the batch's together), and makes
 * one delivery per TrackingEvent and target.
 */
@Injectable()
export class EventRouter {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

  constructor(
    private readonly routingTable: RoutingTable,
    private readonly hydrator: MessageHydrator,
    private readonly targetQueues: TargetQueues,
  ) {}

  async route(events: CapturedEvent[]): Promise<RoutingOutcome> {
    let snapshot: RoutingSnapshot;
    try {
      snapshot = await this.routingTable.snapshot();
    } catch (error) {
      return { deliveries: [], failures: events.map((event) => ({ event, error })) };
    }
    const failures: RoutingOutcome['failures'] = [];
    // The events of a batch come from a few API clients and event types: their destinations are found once for each.
    const destinationsByKind = new Map<string, Destination[]>();
    const destinationsOf = new Map<CapturedEvent, Destination[]>();
    for (const event of events) {
      const kind = `${event.Context.ClientID} ${event.EventType}`;
      let destinations = destinationsByKind.get(kind);
      if (!destinations) destinationsByKind.set(kind, (destinations = this.destinationsOf(event, snapshot)));
      if (destinations.length > 0) destinationsOf.set(event, destinations);
    }
    const deliveries: DeliveryJobData[] = [];
    for (const result of await this.hydrator.hydrateAll([...destinationsOf.keys()])) {
      if ('error' in result) {
        failures.push(result);
        continue;
      }
      for (const destination of destinationsOf.get(result.event)!) {
        deliveries.push({
          deliveryId: deliveryIdOf(result.event.ID, destination.trackingEventId, destination.targetType),
          eventId: result.event.ID,
          trackingEventId: destination.trackingEventId,
          deliveryConfigId: destination.deliveryConfigId,
          targetType: destination.targetType,
          message: result.message,
          traceContext: result.event.TraceContext,
        });
      }
    }
    return { deliveries, failures };
  }

  /**
   * Routes the events and queues their deliveries in batch jobs keyed by `batchKey`: what was queued, and what
   * failed. An event whose message holds a value JSON cannot carry (the host's data: a BigInt, a cycle) fails alone,
   * for good, and the others are queued; that check runs only once the queue has refused the batch.
   */
  async routeAndQueue(events: CapturedEvent[], batchKey: string): Promise<RoutingOutcome> {
    const { deliveries, failures } = await this.route(events);
    try {
      await this.targetQueues.enqueueBatches(deliveries, batchKey);
      return { deliveries, failures };
    } catch (error) {
      const unwritable = unwritableMessages(events, deliveries);
      if (unwritable.length === 0) throw error;
      const failed = new Set(unwritable.map(({ event }) => event.ID));
      const writable = deliveries.filter((delivery) => !failed.has(delivery.eventId));
      await this.targetQueues.enqueueBatches(writable, batchKey);
      return { deliveries: writable, failures: [...failures, ...unwritable] };
    }
  }

  private destinationsOf(event: CapturedEvent, snapshot: RoutingSnapshot): Destination[] {
    const routes = snapshot.routesFor(event.Context.ClientID, event.EventType);
    return routes.flatMap((route) =>
      route.targetTypes.flatMap((targetType) => {
        if (this.targetQueues.has(targetType)) return [{ ...route, targetType }];
        // Only a DeliveryConfig written before a target type was removed from the server can name one.
        this.logger.error(
          `DeliveryConfig ${route.deliveryConfigId} names target ${targetType}, which this server cannot deliver to: ` +
            `${event.EventType} events of client ${event.Context.ClientID} are not delivered there (event ${event.ID} and the others of its batch).`,
        );
        return [];
      }),
    );
  }
}

/** The events among these deliveries whose message JSON cannot carry, each with why. */
function unwritableMessages(events: CapturedEvent[], deliveries: DeliveryJobData[]): RoutingOutcome['failures'] {
  const messages = new Map(deliveries.map((delivery) => [delivery.eventId, delivery.message]));
  return events.flatMap((event) => {
    if (!messages.has(event.ID)) return [];
    try {
      JSON.stringify(messages.get(event.ID));
      return [];
    } catch (error) {
      const reason = (error as Error)?.message ?? String(error);
      return [
        {
          event,
          error: new HydrationFailedError(
            `The message of event ${event.ID} cannot be written as JSON (${reason}): the host's commerce data for it holds a value JSON cannot carry.`,
          ),
        },
      ];
    }
  });
}
