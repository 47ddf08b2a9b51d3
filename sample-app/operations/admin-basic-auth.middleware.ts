import type { NextFunction, Request, Response } from 'express';
import type { AuthService } from '../auth/auth.service';
import { LoginAttemptLimiter, LoginAttemptLimits } from './login-attempt-limiter';

/** Ten wrong passwords per client IP every 15 minutes: enough for typos, too few to guess, and few scrypt runs. */
export const QUEUE_BOARD_LOGIN_LIMITS: LoginAttemptLimits = { maxFailures: 10, windowMs: 15 * 60_000 };

/**
 * HTTP Basic authentication for the queue dashboard: Bull Board is plain Express middleware, out of
 * reach of Nest guards, and seeing the queues is seeing every message. Only a FullAccess admin gets in.
 * A client IP that keeps failing gets 429 without its password being checked.
 */
export function adminBasicAuth(auth: AuthService, limits: LoginAttemptLimits = QUEUE_BOARD_LOGIN_LIMITS) {
  const attempts = new LoginAttemptLimiter(limits);
  return async function requireAdmin(request: Request, response: Response, next: NextFunction): Promise<void> {
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'basic' && encoded) {
      const client = request.ip ?? 'unknown';
      const waitSeconds = attempts.begin(client);
      if (waitSeconds !== undefined) {
        response
          .status(429)
          .setHeader('Retry-After', String(waitSeconds))
          .send(`Too many failed logins from this address: try again in ${waitSeconds} seconds.`);
        return;
      }
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      if (separator > 0 && (await auth.isFullAccessAdmin(decoded.slice(0, separator), decoded.slice(separator + 1)))) {
        attempts.succeeded(client);
        next();
        return;
      }
    }
    response
      .status(401)
      .setHeader('WWW-Authenticate', 'Basic realm="Tracking event queues", charset="UTF-8"')
      .send('Authentication required.');
  };
}
