import type { AccessTokenClaims } from './token.service';

/** The role that opens the shopper API (`/me`, `/cart`, `/orders`), as in OrderCloud. */
export const SHOPPER_ROLE = 'Shopper';

/** Who is shopping: a logged-in buyer user, or an anonymous shopper with the cart its token names. */
export type Shopper =
  | { kind: 'user'; clientId: string; roles: string[]; userId: string }
  | { kind: 'anonymous'; clientId: string; roles: string[]; anonymousId: string; cartId: string };

/** The shopper a buyer token stands for; null for any other token. */
export function shopperOf(claims: AccessTokenClaims): Shopper | null {
  if (claims.usrtype !== 'buyer') return null;
  const base = { clientId: claims.cid, roles: claims.role ?? [] };
  if (claims.u) return { kind: 'user', ...base, userId: claims.u };
  if (claims.anonuserid && claims.orderid) return { kind: 'anonymous', ...base, anonymousId: claims.anonuserid, cartId: claims.orderid };
  return null;
}
