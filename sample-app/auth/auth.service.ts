import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiClientsService } from './api-clients.service';
import { OAuthError } from './oauth-error';
import { verifyPassword } from './password-hasher';
import { AccessToken, TokenService } from './token.service';
import { UserEntity } from './user.entity';

/** The form fields of `POST /oauth/token`. */
export interface TokenRequest {
  grant_type?: string;
  client_id?: string;
  username?: string;
  password?: string;
  /** Space-separated roles. */
  scope?: string;
}

const FULL_ACCESS = 'FullAccess';

/** OrderCloud-style OAuth2: the password grant for admin and buyer users. */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly apiClients: ApiClientsService,
    private readonly tokens: TokenService,
  ) {}

  async token(request: TokenRequest): Promise<AccessToken> {
    if (request.grant_type === 'password') return this.passwordGrant(request);
    throw new OAuthError(
      'unsupported_grant_type',
      'Auth.OauthError',
      `grant_type "${request.grant_type ?? ''}" is not supported; use password.`,
    );
  }

  private async passwordGrant(request: TokenRequest): Promise<AccessToken> {
    if (!request.username || !request.password) {
      throw new OAuthError('invalid_request', 'Auth.UsernameAndPasswordRequired', 'Both username and password are required.');
    }
    const client = request.client_id ? await this.apiClients.find(request.client_id) : null;
    if (!client) throw new OAuthError('invalid_client', 'Auth.InvalidClientID', `Unknown client_id "${request.client_id ?? ''}".`);

    const user = await this.users.findOneBy({ username: request.username });
    const valid = user !== null && user.active && (await verifyPassword(request.password, user.passwordHash));
    // The same answer whether the user is unknown, inactive or not allowed on this client.
    if (!user || !valid || !client.allowedUserTypes.includes(user.userType)) {
      throw new OAuthError('invalid_grant', 'Auth.InvalidUsernameOrPassword', 'Invalid username or password.');
    }
    return this.tokens.issue({
      usr: user.username,
      u: user.id,
      cid: client.id,
      usrtype: user.userType as 'admin' | 'buyer',
      role: grantedRoles(user.roles, request.scope),
    });
  }
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
