import type { TrackingEventType } from '../common/tracking-event-type';

/** The message namespace of each event type, as OrderCloud's delivery configurations name them. @publicApi */
export const MESSAGE_NAMESPACES = {
  UserLoggedIn: 'sitecore.ordercloud.messages.sessions.identified',
  LineItemAdded: 'sitecore.ordercloud.messages.orders.lines.added',
  LineItemUpdated: 'sitecore.ordercloud.messages.orders.lines.updated',
  OrderSubmitted: 'sitecore.ordercloud.messages.orders.submitted',
} as const satisfies Record<TrackingEventType, string>;

/**
 * The two spellings of the namespaces: OrderCloud's delivery reference names them
 * `sitecore.ordercloud.messages.*` (the default, MESSAGE_NAMESPACES), its tracking events product page
 * `sitecore.backbone.messages.*`. The module's `messageNamespaces` setting chooses one for every target.
 * @publicApi
 */
export const MESSAGE_NAMESPACE_FAMILIES = {
  ordercloud: 'sitecore.ordercloud.messages',
  backbone: 'sitecore.backbone.messages',
} as const;

export type MessageNamespaceFamily = keyof typeof MESSAGE_NAMESPACE_FAMILIES;

type NamespaceSuffix<Type extends TrackingEventType> =
  (typeof MESSAGE_NAMESPACES)[Type] extends `sitecore.ordercloud.messages.${infer Suffix}` ? Suffix : never;

/** The namespace of an event type's messages, in either family. @publicApi */
export type MessageNamespace<Type extends TrackingEventType> =
  `${(typeof MESSAGE_NAMESPACE_FAMILIES)[MessageNamespaceFamily]}.${NamespaceSuffix<Type>}`;

/** The namespace of an event type's messages in the family chosen. */
export function messageNamespace<Type extends TrackingEventType>(family: MessageNamespaceFamily, type: Type): MessageNamespace<Type> {
  const suffix = MESSAGE_NAMESPACES[type].slice(`${MESSAGE_NAMESPACE_FAMILIES.ordercloud}.`.length);
  return `${MESSAGE_NAMESPACE_FAMILIES[family]}.${suffix}` as MessageNamespace<Type>;
}

/** `ID` is set for an authenticated user; `AnonymousId` for an anonymous one, or one just identified. @publicApi */
export interface UserContext {
  ID: string | null;
  AnonymousId: string | null;
}

/** `sitecore.ordercloud.messages.sessions.identified` @publicApi */
export interface SessionMessage {
  UserContext: UserContext;
  Language: string | null;
  Currency: string | null;
  Email: string | null;
  FirstName: string | null;
  LastName: string | null;
}

/** @publicApi */
export interface MessageVariant {
  VariantName: string | null;
  VariantDescription: string | null;
}

/** @publicApi */
export interface MessageLineItemProduct {
  ProductID: string;
  ProductName: string | null;
  ProductDescription: string | null;
  /** Unit price. */
  Price: number;
  Variant: MessageVariant | null;
  xp: unknown;
}

/** A line item inside a message (OrderCloud's message model, not the API's LineItem). @publicApi */
export interface MessageLineItem {
  LineID: string;
  Product: MessageLineItemProduct;
  Quantity: number;
  /** Unit price. */
  Price: number;
  /** LineSubTotal − PromotionDiscount. */
  LineTotal: number;
  /** Unit price × Quantity. */
  LineSubTotal: number;
  xp: unknown;
}

/** `…orders.lines.added` and `…orders.lines.updated` @publicApi */
export interface OrderLineMessage {
  UserContext: UserContext;
  Language: string | null;
  Currency: string | null;
  Email: string | null;
  OrderId: string;
  /** The line item as it was at the moment of the event. */
  LineItem: MessageLineItem;
}

/** `…orders.lines.updated`: the OrderLine message, with the quantity before the update. @publicApi */
export interface OrderLineUpdatedMessage extends OrderLineMessage {
  PreviousQuantity: number;
}

/** `…orders.submitted` @publicApi */
export interface OrderMessage {
  UserContext: UserContext;
  OrderID: string;
  Currency: string | null;
  Email: string | null;
  OrderDate: string | null;
  OrderStatus: string;
  OrderTotal: number;
  OrderSubtotal: number;
  Payments: unknown[];
  LineItems: MessageLineItem[];
  xp: unknown;
}

/** @publicApi */
export interface MessagePayloads {
  UserLoggedIn: SessionMessage;
  LineItemAdded: OrderLineMessage;
  LineItemUpdated: OrderLineUpdatedMessage;
  OrderSubmitted: OrderMessage;
}

/**
 * A hydrated event, ready for any target: built once per event and handed to every target it is
 * routed to, which maps it to its own wire format.
 * @publicApi
 */
export type TrackingMessage = {
  [Type in TrackingEventType]: {
    EventID: string;
    EventType: Type;
    Namespace: MessageNamespace<Type>;
    /** ISO 8601 time of the event. */
    OccurredAt: string;
    ClientID: string;
    Payload: MessagePayloads[Type];
  };
}[TrackingEventType];

/** The message of one event type. @publicApi */
export type TrackingMessageOf<Type extends TrackingEventType> = Extract<TrackingMessage, { EventType: Type }>;
