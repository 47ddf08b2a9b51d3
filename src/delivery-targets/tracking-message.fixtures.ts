// Hand-built messages for the targets' specs and docs/payloads.md: one shopper's visit, from an anonymous
// add to cart through login to the submitted order.
import { MESSAGE_NAMESPACES, type MessageLineItem, type MessagePayloads } from '../messages/tracking-message';
import type { DeliveryRequest } from './delivery-target.interface';
import type { TrackingMessageOf } from '../messages/tracking-message';

export const SHOPPER = {
  /** The beacon ID the storefront passed when it asked for the anonymous token. */
  anonymousId: '9f2c4e1ab7d34c0e8b5a6d7e8f901234',
  userId: 'jane-doe',
  email: 'jane.doe@example.com',
  orderId: 'SO-100234',
} as const;

const CLIENT_ID = '5B1E4C2A-8D3F-4A6B-9C7E-0F1A2B3C4D5E';

export function trailShoesLine(overrides: Partial<MessageLineItem> = {}): MessageLineItem {
  return {
    LineID: 'Ln1',
    Product: {
      ProductID: 'trail-runner-2',
      ProductName: 'Trail Runner 2',
      ProductDescription: 'Lightweight trail running shoe',
      Price: 89.99,
      Variant: { VariantName: 'EU 42 / Blue', VariantDescription: 'Size EU 42, colour blue' },
      xp: { Brand: 'Summit' },
    },
    Quantity: 2,
    Price: 89.99,
    LineSubTotal: 179.98,
    LineTotal: 179.98,
    xp: {},
    ...overrides,
  };
}

function woolSocksLine(): MessageLineItem {
  return {
    LineID: 'Ln2',
    Product: {
      ProductID: 'merino-socks',
      ProductName: 'Merino Socks',
      ProductDescription: null,
      Price: 12.5,
      Variant: null,
      xp: {},
    },
    Quantity: 2,
    Price: 12.5,
    LineSubTotal: 25,
    LineTotal: 22.5,
    xp: { PromotionCode: 'SOCKS10' },
  };
}

export function userLoggedInMessage(payload: Partial<MessagePayloads['UserLoggedIn']> = {}): TrackingMessageOf<'UserLoggedIn'> {
  return {
    EventID: 'hV3p0Jw1TqK2mX8sYb7nLg',
    EventType: 'UserLoggedIn',
    Namespace: MESSAGE_NAMESPACES.UserLoggedIn,
    OccurredAt: '2026-03-02T14:05:09.417Z',
    ClientID: CLIENT_ID,
    Payload: {
      UserContext: { ID: SHOPPER.userId, AnonymousId: SHOPPER.anonymousId },
      Language: 'en',
      Currency: 'USD',
      Email: SHOPPER.email,
      FirstName: 'Jane',
      LastName: 'Doe',
      ...payload,
    },
  };
}

/** Added while still anonymous: no user ID and no email yet. */
export function lineItemAddedMessage(payload: Partial<MessagePayloads['LineItemAdded']> = {}): TrackingMessageOf<'LineItemAdded'> {
  return {
    EventID: 'Qz8rB2cT5uW9xY1aD4eF6g',
    EventType: 'LineItemAdded',
    Namespace: MESSAGE_NAMESPACES.LineItemAdded,
    OccurredAt: '2026-03-02T13:58:41.032Z',
    ClientID: CLIENT_ID,
    Payload: {
      UserContext: { ID: null, AnonymousId: SHOPPER.anonymousId },
      Language: 'en',
      Currency: 'USD',
      Email: null,
      OrderId: SHOPPER.orderId,
      LineItem: trailShoesLine(),
      ...payload,
    },
  };
}

/** After login, the shopper raises the shoes from 2 to 3. */
export function lineItemUpdatedMessage(payload: Partial<MessagePayloads['LineItemUpdated']> = {}): TrackingMessageOf<'LineItemUpdated'> {
  return {
    EventID: 'mN4bV6cX8zA0sD2fG4hJ6k',
    EventType: 'LineItemUpdated',
    Namespace: MESSAGE_NAMESPACES.LineItemUpdated,
    OccurredAt: '2026-03-02T14:07:12.250Z',
    ClientID: CLIENT_ID,
    Payload: {
      UserContext: { ID: SHOPPER.userId, AnonymousId: SHOPPER.anonymousId },
      Language: 'en',
      Currency: 'USD',
      Email: SHOPPER.email,
      OrderId: SHOPPER.orderId,
      LineItem: trailShoesLine({ Quantity: 3, LineSubTotal: 269.97, LineTotal: 269.97 }),
      PreviousQuantity: 2,
      ...payload,
    },
  };
}

/** Three shoes and two pairs of socks (2.50 off the socks), 9.95 shipping and 23.60 tax. */
export function orderSubmittedMessage(payload: Partial<MessagePayloads['OrderSubmitted']> = {}): TrackingMessageOf<'OrderSubmitted'> {
  return {
    EventID: 'pL1kJ3hG5fD7sA9qW2eR4t',
    EventType: 'OrderSubmitted',
    Namespace: MESSAGE_NAMESPACES.OrderSubmitted,
    OccurredAt: '2026-03-02T14:12:30.871Z',
    ClientID: CLIENT_ID,
    Payload: {
      UserContext: { ID: SHOPPER.userId, AnonymousId: SHOPPER.anonymousId },
      OrderID: SHOPPER.orderId,
      Currency: 'USD',
      Email: SHOPPER.email,
      OrderDate: '2026-03-02T13:58:40.911Z',
      OrderStatus: 'Open',
      OrderTotal: 326.02,
      OrderSubtotal: 294.97,
      Payments: [{ ID: 'pay-1', Type: 'CreditCard', Amount: 326.02, Accepted: true }],
      LineItems: [trailShoesLine({ Quantity: 3, LineSubTotal: 269.97, LineTotal: 269.97 }), woolSocksLine()],
      xp: { Channel: 'web' },
      ...payload,
    },
  };
}

/** Every event type, in the order the shopper caused them. */
export function shopperJourney() {
  return [lineItemAddedMessage(), userLoggedInMessage(), lineItemUpdatedMessage(), orderSubmittedMessage()];
}

/** One delivery of `message` as a worker hands it to a target. */
export function deliveryRequestFor<Config extends object>(
  message: DeliveryRequest['message'],
  config: Config,
  {
    configData = null,
    deliveryId = 'dlv_7Hq2Ws9Ke4Rt1Yu6Io3Pa8',
    attempt = 1,
  }: { configData?: unknown; deliveryId?: string; attempt?: number } = {},
): DeliveryRequest<Config> {
  return {
    message,
    config,
    trackingEvent: { ID: `${message.EventType}-storefront`, ConfigData: configData },
    deliveryConfigId: 'storefront-tracking',
    deliveryId,
    attempt,
    client: undefined,
    signal: new AbortController().signal,
    traceHeaders: {},
  };
}
