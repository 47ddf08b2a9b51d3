import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { ValidationFailureError } from '../errors';

/** `%00`, the NUL character percent-encoded: a raw one never gets past Node's HTTP parser. */
const ENCODED_NUL = /%00/;

/**
 * Refuses, with a 400 `ValidationFailure`, a request whose path or query string holds the NUL character
 * (`%00`): no ID, filter or search term can hold it, and PostgreSQL refuses it in any query, which would
 * otherwise answer a 500. The library applies it to its admin API; a host applies it to its own routes
 * (`@UseInterceptors(RequestUrlCheckInterceptor)`) on Express or Fastify.
 * @publicApi
 */
@Injectable()
export class RequestUrlCheckInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { url } = context.switchToHttp().getRequest<{ url?: string }>();
    if (typeof url === 'string' && ENCODED_NUL.test(url)) throw urlNulRefusal();
    return next.handle();
  }
}

/** What `RequestUrlCheckInterceptor` answers, for the OpenAPI description of the routes it guards. */
export function urlNulRefusal(): ValidationFailureError {
  return new ValidationFailureError({
    property: '',
    message: 'The request URL holds the NUL character (%00), which no ID, filter or search can hold.',
  });
}
