import type { LineItemSnapshot } from '../capture/captured-event';

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
 * its own store, called by the workers (never on the host's request path).
 * @publicApi
 */
export interface CommerceDataProvider {
  getOrder(orderId: string): Promise<CommerceOrder | null>;
  /** Every line item of the order, each with its product. */
  listLineItems(orderId: string): Promise<LineItemSnapshot[]>;
  getUser(userId: string): Promise<CommerceUser | null>;
  /** Payments of the order; without it, order messages carry no payments. */
  listPayments?(orderId: string): Promise<CommercePayment[]>;
}
