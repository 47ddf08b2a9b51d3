import type { NextFunction, Request, Response } from 'express';
import { toApiErrorResponse } from './to-api-error-response';

/**
 * Express error middleware that answers body-parsing failures (malformed JSON, oversized bodies)
 * on the admin API's paths in the OrderCloud error shape. Such errors happen before routing, so a
 * controller-scoped filter never sees them, and a global filter would also reformat the host's own routes.
 */
export function createRequestBodyErrorMiddleware(isAdminApiPath: (path: string) => boolean) {
  return function trackingEventsRequestBodyError(error: unknown, request: Request, response: Response, next: NextFunction): void {
    if (response.headersSent || !isAdminApiPath(request.path)) {
      next(error);
      return;
    }
    const reply = toApiErrorResponse(error);
    if (reply.unexpected) {
      next(error);
      return;
    }
    response.status(reply.status).json(reply.body);
  };
}
