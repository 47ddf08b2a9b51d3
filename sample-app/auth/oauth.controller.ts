import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { AuthService, TokenRequest } from './auth.service';
import { OAuthError } from './oauth-error';
import { TokenRateLimitGuard } from './token-rate-limit.guard';
import type { AccessToken } from './token.service';

const TOKEN_FIELDS = ['grant_type', 'client_id', 'client_secret', 'username', 'password', 'scope', 'anonuserid'] as const;

/** `POST /oauth/token` (outside the `/v1` prefix, as in OrderCloud), form-encoded. */
@Controller('oauth')
export class OAuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('token')
  @HttpCode(HttpStatus.OK)
  @UseGuards(TokenRateLimitGuard)
  token(@Body() body: unknown): Promise<AccessToken> {
    return this.auth.token(readTokenRequest(body));
  }
}

/**
 * The token request's fields, each a string or absent. JSON bodies can carry any type, and the
 * extended form syntax (`username[a]=1`) objects and arrays: those are refused here, naming the field, as is
 * the NUL character, so that nothing after this (password hashing, the user query, scope parsing) sees anything else.
 */
export function readTokenRequest(body: unknown): TokenRequest {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new OAuthError('invalid_request', 'ValidationFailure', 'The request body must be a form or a JSON object of OAuth fields.');
  }
  const fields = body as Record<string, unknown>;
  const request: TokenRequest = {};
  for (const name of TOKEN_FIELDS) {
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new OAuthError('invalid_request', 'ValidationFailure', `${name} must be a string.`);
    // No username, client or token holds it, and PostgreSQL refuses it in a query.
    if (value.includes('\0')) throw new OAuthError('invalid_request', 'ValidationFailure', `${name} must not hold the NUL character.`);
    request[name] = value;
  }
  return request;
}
