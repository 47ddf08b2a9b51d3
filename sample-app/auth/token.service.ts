import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { IncomingMessage } from 'node:http';
import type { TrackingEventsCaller } from '../../src';
import type { SampleConfig } from '../config/sample-config';
import { SAMPLE_CONFIG } from '../config/sample-config.token';

/** The claims of an access token, named as in OrderCloud's tokens. */
export interface AccessTokenClaims {
  /** Username. */
  usr?: string;
  /** User ID. */
  u?: string;
  /** API client ID. */
  cid: string;
  usrtype?: 'admin' | 'buyer';
  role: string[];
  /** Anonymous shoppers only: the ID of the order that is their cart, as in OrderCloud's anonymous tokens. */
  orderid?: string;
  /** Anonymous shoppers only: their anonymous ID, the storefront's beacon ID when it passed one. */
  anonuserid?: string;
}

/** The body of a successful `/oauth/token` answer. */
export interface AccessToken {
  access_token: string;
  expires_in: number;
  token_type: 'bearer';
  refresh_token: null;
}

export const TOKEN_ISSUER = 'https://auth.sample-shop.local';
export const TOKEN_AUDIENCE = 'https://api.sample-shop.local';

/** Issues and reads the sample app's JWT access tokens. */
@Injectable()
export class TokenService {
  private readonly claimsByRequest = new WeakMap<IncomingMessage, AccessTokenClaims | null>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(SAMPLE_CONFIG) private readonly config: SampleConfig,
  ) {}

  issue(claims: AccessTokenClaims): AccessToken {
    const expiresIn = this.config.accessTokenSeconds;
    const token = this.jwt.sign({ ...claims }, { expiresIn, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, notBefore: 0 });
    return { access_token: token, expires_in: expiresIn, token_type: 'bearer', refresh_token: null };
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  verify(token: string): AccessTokenClaims | null {
    try {
      return this.jwt.verify<AccessTokenClaims>(token, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    } catch {
      return null;
    }
  }

  /**
   * The claims of the valid bearer token of a request; null when it has none. Read once per request:
   * the guard, the tracking context and the admin API's caller all ask for them.
   */
  claimsOf(request: IncomingMessage): AccessTokenClaims | null {
    if (this.claimsByRequest.has(request)) return this.claimsByRequest.get(request)!;
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const claims = scheme?.toLowerCase() === 'bearer' && token ? this.verify(token) : null;
    this.claimsByRequest.set(request, claims);
    return claims;
  }

  /** The caller of a request bearing one of our tokens, as the tracking events admin API needs it. */
  callerOf(request: IncomingMessage): TrackingEventsCaller | null {
    const claims = this.claimsOf(request);
    if (!claims) return null;
    return { UserID: claims.u, UserType: claims.usrtype, Roles: claims.role ?? [], ClientID: claims.cid };
  }
}
