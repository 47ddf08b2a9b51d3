/**
 * Who an event is about and where it came from, as the host knows it at capture time.
 * @publicApi
 */
export interface TrackingContext {
  /** API client the request was made through; routes the event to that client's TrackingEvents. */
  ClientID: string;
  /** Authenticated user, when there is one. */
  UserID?: string;
  /** Anonymous shopper ID (the browser beacon ID when the storefront passed one). */
  AnonymousID?: string;
  /** Language of the shopper's locale, e.g. `en`. */
  Language?: string;
  /** Currency of the shopper's locale, e.g. `USD`. */
  Currency?: string;
}
