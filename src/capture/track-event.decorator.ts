import { SetMetadata } from '@nestjs/common';
import type { TrackingEventType } from '../common/tracking-event-type';
import type { TrackingSubjects } from '../messages/captured-event';
import type { TrackingContext } from '../messages/tracking-context';

export const TRACK_EVENT_METADATA = 'tracking-events:track-event';

/** A call of a decorated method, once it has succeeded. */
export interface TrackedCall<Before = unknown> {
  /** The arguments the method was called with. */
  args: unknown[];
  /** What the method returned (awaited). */
  result: unknown;
  /** What `before` returned, if the decorator has one. */
  before: Before;
}

/** What a decorated call tracks: the subject, and context the request alone does not tell. */
export interface TrackedCapture<Type extends TrackingEventType> {
  subject: TrackingSubjects[Type];
  /** Overrides the resolved request context, e.g. the user who just logged in. */
  context?: Partial<TrackingContext>;
}

/** @publicApi */
export interface TrackEventOptions<Type extends TrackingEventType, Before = unknown, Host = any> {
  /**
   * Runs before the method, with its arguments and the provider instance; for state the method is
   * about to change (the quantity before an update). It delays the call by its own duration. Its
   * failure is logged and the method runs untracked.
   */
  before?: (args: unknown[], instance: Host) => Before | Promise<Before>;
  /** Builds the event from the successful call; return `null` to leave this call untracked. */
  map: (call: TrackedCall<Before>) => TrackedCapture<Type> | null | undefined;
}

export interface TrackEventMetadata {
  eventType: TrackingEventType;
  options: TrackEventOptions<TrackingEventType>;
}

/**
 * Captures a tracking event each time the decorated method of a singleton provider succeeds.
 * The method's result and errors are never changed, and a tracking failure never fails it.
 *
 * @example
 * \@TrackEvent('LineItemAdded', { map: ({ args, result }) => ({ subject: { OrderID: args[0] as string, LineItem: result as LineItem } }) })
 * async addLineItem(orderId: string, body: LineItemInput): Promise<LineItem> { … }
 * @publicApi
 */
export function TrackEvent<Type extends TrackingEventType, Before = unknown, Host = any>(
  eventType: Type,
  options: TrackEventOptions<Type, Before, Host>,
): MethodDecorator {
  return SetMetadata<string, TrackEventMetadata>(TRACK_EVENT_METADATA, {
    eventType,
    options: options as unknown as TrackEventOptions<TrackingEventType>,
  });
}
