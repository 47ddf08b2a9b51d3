import type { DiscoverEventConfig } from './discover-event-config';
import type { MessageLineItem, TrackingMessage } from '../../messages/tracking-message';
import { joinUrl, type JsonPost } from '../json-post';
import { cartQuantityChange, configDataString, skipped, type SkippedDelivery } from '../message-mapping';

/** The pages Discover knows an add to cart from (the `name` of an `a2c` event). */
export const DISCOVER_ADD_TO_CART_PAGES = ['home', 'pdp', 'category', 'cart', 'qview'] as const;
export type DiscoverAddToCartPage = (typeof DISCOVER_ADD_TO_CART_PAGES)[number];

/** `ConfigData.DiscoverAddToCartPage`: which page `a2c` events name; `pdp` unless one of the pages above. */
const ADD_TO_CART_PAGE_KEY = 'DiscoverAddToCartPage';
const DEFAULT_ADD_TO_CART_PAGE: DiscoverAddToCartPage = 'pdp';

export interface DiscoverProduct {
  sku: string;
  /** Unit price. */
  price: number;
  quantity: number;
}

export interface DiscoverCheckout {
  order_id: string;
  subtotal: number;
  total: number;
  currency?: string;
}

/** Who did it and when, on every event: Discover needs `uuid` or `user_id`. */
interface DiscoverEventSubject {
  /** The beacon's ID (`rfk.uid()`), when the shopper came anonymously. */
  uuid?: string;
  user_id?: string;
  /** Epoch milliseconds of the event. */
  t: number;
}

/** The event object of a Sitecore Discover events API call. */
export type DiscoverEventBody = DiscoverEventSubject &
  (
    | { type: 'user'; name: 'login'; value: { context: { user: { id: string; email?: string } } } }
    | { type: 'a2c'; name: DiscoverAddToCartPage; value: { products: [DiscoverProduct] } }
    | { type: 'order'; name: 'confirm'; value: { products: DiscoverProduct[]; checkout: DiscoverCheckout } }
  );

/**
 * Maps a message to its Sitecore Discover event: `user:login`, `a2c:<page>` or `order:confirm`.
 * Discover has no event for taking items out of a cart, so a decrease is skipped.
 */
export function toDiscoverEventPost(
  message: TrackingMessage,
  config: DiscoverEventConfig,
  configData: unknown,
): JsonPost<DiscoverEventBody> | SkippedDelivery {
  const { UserContext, Email } = message.Payload;
  if (!UserContext.AnonymousId && !UserContext.ID) {
    return skipped('Sitecore Discover needs a uuid or user_id, and the message has neither UserContext.AnonymousId nor UserContext.ID');
  }
  const subject: DiscoverEventSubject = {
    ...(UserContext.AnonymousId && { uuid: UserContext.AnonymousId }),
    ...(UserContext.ID && { user_id: UserContext.ID }),
    t: Date.parse(message.OccurredAt),
  };
  const post = (event: DiscoverEventBody) => ({
    url: joinUrl(config.ServiceEndpoint, 'event', encodeURIComponent(config.ClientID), 'v4', 'publish'),
    headers: { 'Content-Type': 'application/json', Authorization: config.ApiKey },
    body: event,
  });

  switch (message.EventType) {
    case 'UserLoggedIn': {
      // user:login links the uuid to the user's permanent ID; without one there is nothing to link.
      if (!UserContext.ID) return skipped('Sitecore Discover user:login needs the user ID, and the message has no UserContext.ID');
      const user = { id: UserContext.ID, ...(Email && { email: Email }) };
      return post({ type: 'user', name: 'login', ...subject, value: { context: { user } } });
    }
    case 'LineItemAdded':
    case 'LineItemUpdated': {
      const increase = cartQuantityChange(message);
      if (increase === 0) return skipped('The quantity did not change: nothing to tell Sitecore Discover');
      if (increase < 0) return skipped('A quantity decrease has no Sitecore Discover event');
      const page = addToCartPage(configData);
      return post({ type: 'a2c', name: page, ...subject, value: { products: [discoverProduct(message.Payload.LineItem, increase)] } });
    }
    case 'OrderSubmitted': {
      const { OrderID, OrderSubtotal, OrderTotal, Currency, LineItems } = message.Payload;
      const checkout = { order_id: OrderID, subtotal: OrderSubtotal, total: OrderTotal, ...(Currency && { currency: Currency }) };
      const products = LineItems.map((line) => discoverProduct(line));
      return post({ type: 'order', name: 'confirm', ...subject, value: { products, checkout } });
    }
  }
}

/** A line item as a Discover product; `quantity` is the line's own unless the event added fewer. */
export function discoverProduct(line: MessageLineItem, quantity = line.Quantity): DiscoverProduct {
  return { sku: line.Product.ProductID, price: line.Price, quantity };
}

export function addToCartPage(configData: unknown): DiscoverAddToCartPage {
  const page = configDataString(configData, ADD_TO_CART_PAGE_KEY);
  return DISCOVER_ADD_TO_CART_PAGES.find((known) => known === page) ?? DEFAULT_ADD_TO_CART_PAGE;
}
