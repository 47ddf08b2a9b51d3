import type { TraceHeaders } from '../common/tracing';
import type { TrackingEventType } from '../common/tracking-event-type';
import type { TrackingContext } from './tracking-context';

/**
 * A line item as the host's API returns it (OrderCloud's LineItem model, the parts tracking uses).
 * @publicApi
 */
export interface LineItemSnapshot {
  ID: string;
  ProductID: string;
  Quantity: number;
  /** Price of one unit. */
  UnitPrice: number | null;
  /** UnitPrice × Quantity. */
  LineSubtotal: number;
  /** LineSubtotal − PromotionDiscount. */
  LineTotal: number;
  PromotionDiscount?: number;
  DateAdded?: string;
  Product?: { ID: string; Name?: string | null; Description?: string | null; xp?: unknown } | null;
  Variant?: { ID?: string; Name?: string | null; Description?: string | null; xp?: unknown } | null;
  xp?: unknown;
}

/** What each event type captures about its subject, at the moment it happened. @publicApi */
export interface TrackingSubjects {
  UserLoggedIn: { UserID: string };
  LineItemAdded: { OrderID: string; LineItem: LineItemSnapshot };
  LineItemUpdated: { OrderID: string; LineItem: LineItemSnapshot; PreviousQuantity: number };
  OrderSubmitted: { OrderID: string };
}

/**
 * One business event, as captured in the host process and queued for routing.
 * @publicApi
 */
export type CapturedEvent = {
  [Type in TrackingEventType]: {
    /** Unique ID of the event, the root of every delivery's idempotency key. */
    ID: string;
    EventType: Type;
    /** ISO 8601 time of the event. */
    OccurredAt: string;
    Context: TrackingContext;
    Subject: TrackingSubjects[Type];
    /** The W3C trace context of the request that captured it, when the host traces with OpenTelemetry. */
    TraceContext?: TraceHeaders;
  };
}[TrackingEventType];
