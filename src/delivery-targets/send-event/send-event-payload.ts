import type { SendEventConfig } from './send-event-config';
import type { MessageLineItem, TrackingMessage } from '../../messages/tracking-message';
import { joinUrl, type JsonPost } from '../json-post';
import type { TrackingMessageOf } from '../../messages/tracking-message';
import { cartQuantityChange, configDataString, skipped, type SkippedDelivery } from '../message-mapping';

/** A product as Sitecore Send's website tracking takes it. */
export interface SendEventProduct {
  itemCode: string;
  itemName?: string;
  /** Unit price. */
  itemPrice: number;
  itemQuantity: number;
  itemTotalPrice: number;
  itemUrl?: string;
}

interface SendEventContact {
  siteId: string;
  ContactId: string;
  ContactEmailAddress?: string;
  sessionId: string;
}

/** The body of a Sitecore Send `/identify` or `/track` call. */
export type SendEventBody = SendEventContact &
  (
    | { actionType: 'IDENTIFY'; ContactName?: string }
    | { actionType: 'ADDED_TO_ORDER'; properties: [{ product: SendEventProduct }] }
    | { actionType: 'ORDER_COMPLETED'; properties: [{ products: SendEventProduct[]; totalPrice: number }] }
  );

/** `ConfigData.ProductUrlTemplate`: `{ProductID}` is replaced with the URL-encoded product ID. */
const PRODUCT_URL_TEMPLATE_KEY = 'ProductUrlTemplate';

const SEND_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/**
 * Maps a message to its Sitecore Send call: a login identifies the contact, a line added or updated
 * is `ADDED_TO_ORDER`, a submitted order `ORDER_COMPLETED`. Send takes no API key: the site ID scopes the call.
 */
export function toSendEventPost(
  message: TrackingMessage,
  config: SendEventConfig,
  configData: unknown,
): JsonPost<SendEventBody> | SkippedDelivery {
  const { UserContext, Email } = message.Payload;
  // The beacon's visitor ID, so that Send ties server events to what its script saw in the browser.
  const contactId = UserContext.AnonymousId || UserContext.ID;
  if (!contactId) return skipped('Sitecore Send needs a ContactId, and the message has neither UserContext.AnonymousId nor UserContext.ID');
  const productUrlTemplate = configDataString(configData, PRODUCT_URL_TEMPLATE_KEY);
  const contact = (sessionId: string): SendEventContact => ({
    siteId: config.SiteID,
    ContactId: contactId,
    ...(Email && { ContactEmailAddress: Email }),
    sessionId,
  });
  const post = (path: 'identify' | 'track', body: SendEventBody) => ({
    url: joinUrl(config.ServiceEndpoint, path),
    headers: SEND_HEADERS,
    body,
  });

  switch (message.EventType) {
    case 'UserLoggedIn': {
      const contactName = fullName(message.Payload.FirstName, message.Payload.LastName);
      return post('identify', { actionType: 'IDENTIFY', ...contact(contactId), ...(contactName && { ContactName: contactName }) });
    }
    case 'LineItemAdded':
    case 'LineItemUpdated': {
      const product = addedProduct(message, productUrlTemplate);
      if (!product) return skipped('The quantity did not change: nothing to tell Sitecore Send');
      // The order is the cart, so every event about it falls in one Send session.
      return post('track', { actionType: 'ADDED_TO_ORDER', ...contact(message.Payload.OrderId), properties: [{ product }] });
    }
    case 'OrderSubmitted': {
      const { OrderID, OrderTotal, LineItems } = message.Payload;
      const products = LineItems.map((line) => sendEventProduct(line, productUrlTemplate));
      return post('track', { actionType: 'ORDER_COMPLETED', ...contact(OrderID), properties: [{ products, totalPrice: OrderTotal }] });
    }
  }
}

/**
 * The product of an `ADDED_TO_ORDER`: an update tells Send the change of quantity (negative for a
 * decrease, which Send reads as a removal), priced at the unit price. Undefined when nothing changed.
 */
function addedProduct(
  message: TrackingMessageOf<'LineItemAdded' | 'LineItemUpdated'>,
  productUrlTemplate?: string,
): SendEventProduct | undefined {
  const line = message.Payload.LineItem;
  if (message.EventType === 'LineItemAdded') return sendEventProduct(line, productUrlTemplate);
  const change = cartQuantityChange(message);
  if (change === 0) return undefined;
  return sendEventProduct(line, productUrlTemplate, { quantity: change, totalPrice: roundToCents(line.Price * change) });
}

/** A line item as a Send product; quantity and total are the line's own unless an update overrides them. */
export function sendEventProduct(
  line: MessageLineItem,
  productUrlTemplate?: string,
  { quantity, totalPrice } = { quantity: line.Quantity, totalPrice: line.LineTotal },
): SendEventProduct {
  const { ProductID, ProductName } = line.Product;
  return {
    itemCode: ProductID,
    ...(ProductName && { itemName: ProductName }),
    itemPrice: line.Price,
    itemQuantity: quantity,
    itemTotalPrice: totalPrice,
    ...(productUrlTemplate && { itemUrl: productUrl(productUrlTemplate, ProductID) }),
  };
}

/** `https://shop.example.com/p/{ProductID}` → the product's page. */
export function productUrl(template: string, productId: string): string {
  return template.replaceAll('{ProductID}', encodeURIComponent(productId));
}

/** Rounds half away from zero, so that a decrease costs exactly minus what the same increase does. */
export function roundToCents(amount: number): number {
  return (Math.sign(amount) * Math.round(Math.abs(amount) * 100)) / 100;
}

function fullName(firstName: string | null, lastName: string | null): string {
  return [firstName, lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ');
}
