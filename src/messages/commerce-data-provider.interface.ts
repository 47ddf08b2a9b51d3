import type { LineItemSnapshot } from './captured-event';

/** An order as the host's API shows it (OrderCloud's Order model, the parts tracking uses). @publicApi */
export interface CommerceOrder {
  ID: string;
  FromUserID?: string | null;
  /** `Unsubmitted`, `Open`, `AwaitingApproval`, `Completed`, … */
  Status: string;
  IsSubmitted?: boolean;
  Subtotal: number;
  Total: number;
  Currency?: string | null;
  LineItemCount?: number;
  DateCreated?: string | null;
  DateSubmitted?: string | null;
  xp?: unknown;
}

/** A user as the host knows it (OrderCloud's User model, the parts tracking uses). @publicApi */
export interface CommerceUser {
  ID: string;
  Username?: string | null;
  FirstName?: string | null;
  LastName?: string | null;
  Email?: string | null;
  /** Locale such as `en-US`; its language goes into the messages when the request gave none. */
  Locale?: string | null;
}

/** A payment applied to an order (OrderCloud's Payment model, as the host has it). @publicApi */
export type CommercePayment = Record<string, unknown>;

/**
 * How the library reads the host's commerce data to hydrate a message: implemented by the host over
 * its own store, called by the workers (never on the host's request path). Events are hydrated in
 * batches, each order and user read once per batch; `getOrders` and `getUsers`, when the host has
 * them, read a whole batch's in one query each.
 * @publicApi
 */
export interface CommerceDataProvider {
  getOrder(orderId: string): Promise<CommerceOrder | null>;
  /** Every line item of the order, each with its product. */
  listLineItems(orderId: string): Promise<LineItemSnapshot[]>;
  getUser(userId: string): Promise<CommerceUser | null>;
  /** The orders of these IDs that exist, in any order (optional: without it, getOrder is called for each). */
  getOrders?(orderIds: string[]): Promise<CommerceOrder[]>;
  /** The users of these IDs that exist, in any order (optional: without it, getUser is called for each). */
  getUsers?(userIds: string[]): Promise<CommerceUser[]>;
  /** Payments of the order; without it, order messages carry no payments. */
  listPayments?(orderId: string): Promise<CommercePayment[]>;
}
