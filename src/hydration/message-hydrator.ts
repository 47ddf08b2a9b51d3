import { Inject, Injectable } from '@nestjs/common';
import type { CapturedEvent, LineItemSnapshot } from '../messages/captured-event';
import type { TrackingContext } from '../messages/tracking-context';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import type { CommerceDataProvider, CommerceOrder, CommerceUser } from '../messages/commerce-data-provider.interface';
import { IdentityLinksService } from '../identity/identity-links.service';
import { HydrationBatch, linkedUserId, orderUserId } from './hydration-batch';
import { HydrationFailedError } from './hydration-failed.error';
import { messageNamespace, MessageLineItem, MessageNamespaceFamily, TrackingMessage, UserContext } from '../messages/tracking-message';

/** What hydration made of one event of a batch: its message, or why there is none. */
export type HydrationResult = { event: CapturedEvent; message: TrackingMessage } | { event: CapturedEvent; error: unknown };

/**
 * Builds the message of a captured event, once, from the host's commerce data: the order, all its
 * line items with their products, and the user. A line item event keeps the line as it was captured.
 */
@Injectable()
export class MessageHydrator {
  private readonly data: CommerceDataProvider;
  private readonly namespaces: MessageNamespaceFamily;

  constructor(
    @Inject(TRACKING_EVENTS_SETTINGS) settings: TrackingEventsSettings,
    private readonly identityLinks: IdentityLinksService,
  ) {
    this.data = settings.commerceData;
    this.namespaces = settings.messageNamespaces;
  }

  /** The messages of a batch of events, hydrated together: each order and user is read once. */
  async hydrateAll(events: CapturedEvent[]): Promise<HydrationResult[]> {
    const batch = await HydrationBatch.read(this.data, this.identityLinks, events);
    return events.map((event) => {
      try {
        return { event, message: messageOf(event, batch, this.namespaces) };
      } catch (error) {
        return { event, error };
      }
    });
  }

  async hydrate(event: CapturedEvent): Promise<TrackingMessage> {
    const [result] = await this.hydrateAll([event]);
    if ('error' in result) throw result.error;
    return result.message;
  }
}

/** The message of an event, from what its batch read. Throws what a read it needs threw. */
function messageOf(event: CapturedEvent, batch: HydrationBatch, namespaces: MessageNamespaceFamily): TrackingMessage {
  const base = { EventID: event.ID, OccurredAt: event.OccurredAt, ClientID: event.Context.ClientID };
  const userContext = userContextOf(event.Context, batch);
  switch (event.EventType) {
    case 'UserLoggedIn': {
      const user = batch.user(event.Subject.UserID);
      return {
        ...base,
        EventType: event.EventType,
        Namespace: messageNamespace(namespaces, 'UserLoggedIn'),
        Payload: {
          UserContext: { ...userContext, ID: event.Subject.UserID },
          Language: event.Context.Language ?? languageOf(user),
          Currency: event.Context.Currency ?? null,
          Email: user?.Email ?? null,
          FirstName: user?.FirstName ?? null,
          LastName: user?.LastName ?? null,
        },
      };
    }
    case 'LineItemAdded':
    case 'LineItemUpdated': {
      const order = batch.order(event.Subject.OrderID);
      const user = orderUser(order, event, batch);
      const payload = {
        UserContext: userContext,
        Language: event.Context.Language ?? languageOf(user),
        Currency: order?.Currency ?? event.Context.Currency ?? null,
        Email: user?.Email ?? null,
        OrderId: event.Subject.OrderID,
        LineItem: toMessageLineItem(event.Subject.LineItem),
      };
      return event.EventType === 'LineItemAdded'
        ? { ...base, EventType: event.EventType, Namespace: messageNamespace(namespaces, 'LineItemAdded'), Payload: payload }
        : {
            ...base,
            EventType: event.EventType,
            Namespace: messageNamespace(namespaces, 'LineItemUpdated'),
            Payload: { ...payload, PreviousQuantity: event.Subject.PreviousQuantity },
          };
    }
    case 'OrderSubmitted': {
      const order = batch.order(event.Subject.OrderID);
      if (!order) throw new HydrationFailedError(`Order ${event.Subject.OrderID} of event ${event.ID} was not found.`);
      const user = orderUser(order, event, batch);
      return {
        ...base,
        EventType: event.EventType,
        Namespace: messageNamespace(namespaces, 'OrderSubmitted'),
        Payload: {
          UserContext: userContext,
          OrderID: order.ID,
          Currency: order.Currency ?? event.Context.Currency ?? null,
          Email: user?.Email ?? null,
          OrderDate: order.DateCreated ?? order.DateSubmitted ?? null,
          OrderStatus: order.Status,
          OrderTotal: order.Total,
          OrderSubtotal: order.Subtotal,
          Payments: batch.paymentsOf(order.ID),
          LineItems: batch.lineItemsOf(order.ID).map(toMessageLineItem),
          xp: order.xp ?? null,
        },
      };
    }
  }
}

/**
 * Who the event is about. A user who was an anonymous shopper before (a stitch) keeps that anonymous
 * ID in every later message, so that targets see one shopper across the two.
 */
function userContextOf(context: TrackingContext, batch: HydrationBatch): UserContext {
  const linked = linkedUserId(context);
  const anonymousId = context.AnonymousID ?? (linked ? batch.anonymousIdOf(linked) : null);
  return { ID: context.UserID ?? null, AnonymousId: anonymousId ?? null };
}

/** The user who placed the order (see orderUserId). */
function orderUser(order: CommerceOrder | null, event: CapturedEvent, batch: HydrationBatch): CommerceUser | null {
  const userId = orderUserId(order, event);
  return userId ? batch.user(userId) : null;
}

export function toMessageLineItem(line: LineItemSnapshot): MessageLineItem {
  const unitPrice = line.UnitPrice ?? (line.Quantity > 0 ? line.LineSubtotal / line.Quantity : 0);
  return {
    LineID: line.ID,
    Product: {
      ProductID: line.ProductID,
      ProductName: line.Product?.Name ?? null,
      ProductDescription: line.Product?.Description ?? null,
      Price: unitPrice,
      Variant: line.Variant ? { VariantName: line.Variant.Name ?? null, VariantDescription: line.Variant.Description ?? null } : null,
      xp: line.Product?.xp ?? null,
    },
    Quantity: line.Quantity,
    Price: unitPrice,
    LineTotal: line.LineTotal,
    LineSubTotal: line.LineSubtotal,
    xp: line.xp ?? null,
  };
}

/** `en-US` → `en`. */
function languageOf(user: CommerceUser | null): string | null {
  return user?.Locale ? user.Locale.split(/[-_]/)[0].toLowerCase() : null;
}
