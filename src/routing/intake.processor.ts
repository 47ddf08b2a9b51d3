import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { CapturedEvent } from '../messages/captured-event';
import { HydrationFailedError } from '../hydration/hydration-failed.error';
import { EventRouter } from './event-router';

/** What routing made of one event. */
export interface IntakeResult {
  deliveryIds: string[];
}

/**
 * Routes, on its own, an event the capture stream's relay could not route at once (its data or the
 * routing table could not be read): the intake queue retries it with a backoff, as often as a
 * database blip needs. Data that is missing will not appear on a retry: such an event fails for good.
 */
@Injectable()
export class IntakeProcessor {
  constructor(private readonly router: EventRouter) {}

  async process(event: CapturedEvent): Promise<IntakeResult> {
    const { deliveries, failures } = await this.router.routeAndQueue([event], event.ID);
    if (failures.length > 0) {
      const { error } = failures[0];
      throw error instanceof HydrationFailedError ? new UnrecoverableError(error.message) : error;
    }
    return { deliveryIds: deliveries.map((delivery) => delivery.deliveryId) };
  }
}
