import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { generateApiId, TrackEvent } from '../../src';
import { languageOf, SHOP_CURRENCY } from '../config/shop-locale';
import { ApiClientEntity } from './api-client.entity';
import { ApiClientsService } from './api-clients.service';
import { OAuthError } from './oauth-error';
import { verifyPassword } from './password-hasher';
import { SHOPPER_ROLE } from './shopper';
import { AccessToken, TokenService } from './token.service';
import { UserEntity } from './user.entity';

/** The form fields of `POST /oauth/token`. */
export interface TokenRequest {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  username?: string;
  password?: string;
  /** Space-separated roles. */
  scope?: string;
  /** Anonymous tokens: the storefront's beacon ID for the shopper (OrderCloud's `anonuserid`). */
  anonuserid?: string;
}

/** A successful password login: who logged in, through which API client. */
export interface PasswordLogin {
  user: UserEntity;
  client: ApiClientEntity;
}

const FULL_ACCESS = 'FullAccess';
/** The most an anonymous token can hold: it is a shopper token, never an admin one. */
const ANONYMOUS_ROLES = [SHOPPER_ROLE];
/** Beacon IDs become part of URLs and JWTs: URL-safe characters only. */
const ANONYMOUS_ID = /^[A-Za-z0-9._~-]{1,100}$/;

/**
 * OrderCloud-style OAuth2: the password grant for admin and buyer users, and `client_credentials`
 * without a secret for anonymous shoppers of a client that allows anonymous shopping.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly apiClients: ApiClientsService,
    private readonly tokens: TokenService,
  ) {}

  async token(request: TokenRequest): Promise<AccessToken> {
    if (request.grant_type === 'password') return this.passwordGrant(request);
    if (request.grant_type === 'client_credentials') return this.anonymousGrant(request);
    throw new OAuthError(
      'unsupported_grant_type',
      'Auth.OauthError',
      `grant_type "${request.grant_type ?? ''}" is not supported; use password or client_credentials.`,
    );
  }

  /**
   * Checks a username and password for an API client. Every successful login is tracked; the
   * request carries no token yet, so the login itself names the client and the user.
   */
  @TrackEvent('UserLoggedIn', {
    map: ({ result }) => {
      const { user, client } = result as PasswordLogin;
      return {
        subject: { UserID: user.id },
        context: { ClientID: client.id, UserID: user.id, Language: languageOf(user.locale), Currency: SHOP_CURRENCY },
      };
    },
  })
  async logIn(request: TokenRequest): Promise<PasswordLogin> {
    if (!request.username || !request.password) {
      throw new OAuthError('invalid_request', 'Auth.UsernameAndPasswordRequired', 'Both username and password are required.');
    }
    const client = await this.findClient(request.client_id);
    const user = await this.users.findOneBy({ username: request.username });
    const valid = await passwordMatches(user, request.password);
    // The same answer whether the user is unknown, inactive or not allowed on this client.
    if (!user || !valid || !client.allowedUserTypes.includes(user.userType)) {
      throw new OAuthError('invalid_grant', 'Auth.InvalidUsernameOrPassword', 'Invalid username or password.');
    }
    return { user, client };
  }

  /** Whether these credentials are an active admin's with FullAccess: for the queue dashboard. */
  async isFullAccessAdmin(username: string, password: string): Promise<boolean> {
    const user = await this.users.findOneBy({ username });
    // Password first, whoever the user is: a buyer's name must not answer faster than an admin's.
    const valid = await passwordMatches(user, password);
    return valid && user !== null && user.userType === 'admin' && user.roles.includes(FULL_ACCESS);
  }

  private async passwordGrant(request: TokenRequest): Promise<AccessToken> {
    const { user, client } = await this.logIn(request);
    return this.tokens.issue({
      usr: user.username,
      u: user.id,
      cid: client.id,
      usrtype: user.userType as 'admin' | 'buyer',
      role: grantedRoles(user.roles, request.scope),
    });
  }

  /** An anonymous shopper's token, naming a new cart and the shopper's anonymous ID. */
  private async anonymousGrant(request: TokenRequest): Promise<AccessToken> {
    if (request.client_secret) {
      throw new OAuthError(
        'invalid_request',
        'Auth.OauthError',
        'client_credentials with a client_secret is not supported: without one, it issues anonymous shopper tokens.',
      );
    }
    const client = await this.findClient(request.client_id);
    if (!client.allowAnonymous) {
      throw new OAuthError('unauthorized_client', 'Auth.AnonUserProhibited', `Client "${client.id}" does not allow anonymous shopping.`);
    }
    if (request.anonuserid !== undefined && !ANONYMOUS_ID.test(request.anonuserid)) {
      // Refused, never put in a token: the beacon ID ends up in URLs, JWTs and every target's data.
      throw new OAuthError('invalid_request', 'ValidationFailure', 'anonuserid must be 1 to 100 letters, digits, ".", "_", "~" or "-".');
    }
    return this.tokens.issue({
      cid: client.id,
      usrtype: 'buyer',
      role: grantedRoles(ANONYMOUS_ROLES, request.scope),
      orderid: generateApiId(),
      anonuserid: request.anonuserid ?? generateApiId(),
    });
  }

  private async findClient(clientId: string | undefined): Promise<ApiClientEntity> {
    const client = clientId ? await this.apiClients.find(clientId) : null;
    if (!client) throw new OAuthError('invalid_client', 'Auth.InvalidClientID', `Unknown client_id "${clientId ?? ''}".`);
    return client;
  }
}

/** A well-formed hash of a random password nobody has: checking against it costs one scrypt and never matches. */
const UNMATCHABLE_HASH = 'scrypt$Ex_hhNDt6iT0PIAAFIgfdQ$OdhLVgbwUo8mlSRe0tjltT6EBz1NS-cwMLmc2M1NzJs';

/**
 * Whether the password is an active user's. An unknown or inactive user is checked against a hash
 * no password matches, so that the answer takes as long as for a known user and does not reveal usernames.
 */
export async function passwordMatches(user: UserEntity | null, password: string, verify = verifyPassword): Promise<boolean> {
  const usable = user !== null && user.active;
  const matches = await verify(password, usable ? user.passwordHash : UNMATCHABLE_HASH);
  return usable && matches;
}

/**
 * The roles a token gets: those requested in `scope` that the user may hold (a FullAccess user may
 * hold any), or all of the user's roles when no scope is given.
 */
export function grantedRoles(userRoles: string[], scope: string | undefined): string[] {
  const requested = (scope ?? '').split(/\s+/).filter((role) => role !== '');
  if (requested.length === 0) return [...userRoles];
  const mayHoldAny = userRoles.includes(FULL_ACCESS);
  return [...new Set(requested.filter((role) => mayHoldAny || userRoles.includes(role)))];
}
