/**
 * Who is calling the admin API, as the host's authentication knows it.
 * @publicApi
 */
export interface TrackingEventsCaller {
  /** ID of the authenticated user. */
  UserID?: string;
  /**
   * OrderCloud user type (`admin`, `buyer`, `supplier`). Buyer and supplier users are refused the
   * admin API whatever their roles; leave it unset if the host has no user types.
   */
  UserType?: string;
  /** OrderCloud API roles granted to this request (e.g. `FullAccess`, `TrackingEventAdmin`). */
  Roles: readonly string[];
  /** ID of the API client the request was made through. */
  ClientID?: string;
}
