import type { NextFunction, Request, Response } from 'express';
import type { AuthService } from '../auth/auth.service';

/**
 * HTTP Basic authentication for the queue dashboard: Bull Board is plain Express middleware, out of
 * reach of Nest guards, and seeing the queues is seeing every message. Only a FullAccess admin gets in.
 */
export function adminBasicAuth(auth: AuthService) {
  return async function requireAdmin(request: Request, response: Response, next: NextFunction): Promise<void> {
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'basic' && encoded) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      if (separator > 0 && (await auth.isFullAccessAdmin(decoded.slice(0, separator), decoded.slice(separator + 1)))) {
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
