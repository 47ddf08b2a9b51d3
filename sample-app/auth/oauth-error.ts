import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * An OAuth2 token error, answered the way OrderCloud does: the RFC 6749 fields plus the usual
 * `Errors` array, so both OAuth clients and the OrderCloud SDK understand it.
 */
export class OAuthError extends HttpException {
  constructor(
    error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'slow_down',
    errorCode: string,
    description: string,
  ) {
    super(
      { error, error_description: description, Errors: [{ ErrorCode: errorCode, Message: description, Data: null }] },
      error === 'invalid_client' ? HttpStatus.UNAUTHORIZED : error === 'slow_down' ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.BAD_REQUEST,
    );
  }
}
