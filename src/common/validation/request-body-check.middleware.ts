import type { NextFunction, Request, Response } from 'express';
import { ValidationFailureError } from '../errors';
import { MAX_JSON_DEPTH, unsafeJsonProblem } from './json-limits';

/**
 * Express middleware that refuses a parsed request body nested deeper than `maxDepth` (default 32) or
 * holding a `__proto__`, `constructor` or `prototype` key, before guards, interceptors or handlers
 * read it. It passes a 400 `ValidationFailure` on to the error handlers: on paths given to
 * `createRequestBodyErrorMiddleware`, that one answers it in the OrderCloud shape. The library applies
 * it to its admin API; a host applies it to its own routes, e.g.
 * `consumer.apply(createRequestBodyCheckMiddleware()).forRoutes(CartController)`.
 * @publicApi
 */
export function createRequestBodyCheckMiddleware(maxDepth = MAX_JSON_DEPTH) {
  return function trackingEventsRequestBodyCheck(request: Request, _response: Response, next: NextFunction): void {
    const problem = unsafeJsonProblem(request.body, maxDepth);
    next(problem ? new ValidationFailureError(problem) : undefined);
  };
}
