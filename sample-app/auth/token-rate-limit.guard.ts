import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { OAuthError } from './oauth-error';

/**
 * Limits token requests per client address (password guessing, token farming), answering in the
 * OAuth shape: 429 `slow_down`, with the throttler's `Retry-After` header. Behind a reverse proxy,
 * set Express `trust proxy` so that the address is the caller's.
 */
@Injectable()
export class TokenRateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    throw new OAuthError(
      'slow_down',
      'TooManyRequests',
      `Too many token requests from this address: at most ${limit.limit} a minute. Try again in ${limit.timeToBlockExpire} s.`,
    );
  }
}
