import { Inject, Injectable } from '@nestjs/common';
import type { CapturedEvent, LineItemSnapshot } from '../capture/captured-event';
import type { TrackingContext } from '../capture/tracking-context';
import type { TrackingEventsModuleOptions } from '../options';
import { TRACKING_EVENTS_OPTIONS } from '../tracking-events.tokens';
import type { CommerceDataProvider, CommerceOrder, CommerceUser } from './commerce-data-provider.interface';
import { IdentityLinksService } from '../identity/identity-links.service';
import { HydrationBatch } from './hydration-batch';
import { HydrationFailedError } from './hydration-failed.error';
import { MESSAGE_NAMESPACES, MessageLineItem, TrackingMessage, UserContext } from './tracking-message';

/** What hydration made of one event of a batch: its message, or why there is none. */
export type HydrationResult = { event: CapturedEvent; message: TrackingMessage } | { event: CapturedEvent; error: unknown };

/**
 * Builds the message of a captured event, once, from the host's commerce data: the order, all its
 * line items with their products, and the user. A line item event keeps the line as it was captured.
 */
@Injectable()
export class MessageHydrator {
  private readonly data: CommerceDataProvider;

  constructor(
    @Inject(TRACKING_EVENTS_OPTIONS) options: TrackingEventsModuleOptions,
    private readonly identityLinks: IdentityLinksService,
  ) {
    this.data = options.commerceData;
  }

  /** The messages of a batch of events, hydrated together: each order and user is read once. */
  hydrateAll(events: CapturedEvent[]): Promise<HydrationResult[]> {
    const batch = new HydrationBatch(this.data, this.identityLinks);
    return Promise.all(
      events.map((event) =>
        this.hydrate(event, batch).then(
          (message) => ({ event, message }),
          (error: unknown) => ({ event, error }),
        ),
      ),
    );
  }

  async hydrate(event: CapturedEvent, batch = new HydrationBatch(this.data, this.identityLinks)): Promise<TrackingMessage> {
    const base = { EventID: event.ID, OccurredAt: event.OccurredAt, ClientID: event.Context.ClientID };
    const userContext = await this.userContextOf(event.Context, batch);
    switch (event.EventType) {
      case 'UserLoggedIn': {
        const user = await batch.users.load(event.Subject.UserID);
        return {
          ...base,
          EventType: event.EventType,
          Namespace: MESSAGE_NAMESPACES.UserLoggedIn,
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
        const order = await batch.orders.load(event.Subject.OrderID);
        const user = await this.orderUser(order, event.Context, batch);
        const payload = {
          UserContext: userContext,
          Language: event.Context.Language ?? languageOf(user),
          Currency: order?.Currency ?? event.Context.Currency ?? null,
          Email: user?.Email ?? null,
          OrderId: event.Subject.OrderID,
          LineItem: toMessageLineItem(event.Subject.LineItem),
        };
        return event.EventType === 'LineItemAdded'
          ? { ...base, EventType: event.EventType, Namespace: MESSAGE_NAMESPACES.LineItemAdded, Payload: payload }
          : {
              ...base,
              EventType: event.EventType,
              Namespace: MESSAGE_NAMESPACES.LineItemUpdated,
              Payload: { ...payload, PreviousQuantity: event.Subject.PreviousQuantity },
            };
      }
      case 'OrderSubmitted': {
        const order = await batch.orders.load(event.Subject.OrderID);
        if (!order) throw new HydrationFailedError(`Order ${event.Subject.OrderID} of event ${event.ID} was not found.`);
        const [lineItems, user, payments] = await Promise.all([
          batch.lineItems.load(order.ID),
          this.orderUser(order, event.Context, batch),
          batch.payments.load(order.ID),
        ]);
        return {
          ...base,
          EventType: event.EventType,
          Namespace: MESSAGE_NAMESPACES.OrderSubmitted,
          Payload: {
            UserContext: userContext,
            OrderID: order.ID,
            Currency: order.Currency ?? event.Context.Currency ?? null,
            Email: user?.Email ?? null,
            OrderDate: order.DateCreated ?? order.DateSubmitted ?? null,
            OrderStatus: order.Status,
            OrderTotal: order.Total,
            OrderSubtotal: order.Subtotal,
            Payments: payments,
            LineItems: lineItems.map(toMessageLineItem),
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
  private async userContextOf(context: TrackingContext, batch: HydrationBatch): Promise<UserContext> {
    const anonymousId = context.AnonymousID ?? (context.UserID ? await batch.anonymousIds.load(context.UserID) : null);
    return { ID: context.UserID ?? null, AnonymousId: anonymousId ?? null };
  }

  /** The user who placed the order: its FromUserID, else the user of the request. */
  private async orderUser(order: CommerceOrder | null, context: TrackingContext, batch: HydrationBatch): Promise<CommerceUser | null> {
    const userId = order?.FromUserID ?? context.UserID;
    return userId ? batch.users.load(userId) : null;
  }
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
