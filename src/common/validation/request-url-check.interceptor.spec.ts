import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { ValidationFailureError } from '../errors';
import { RequestUrlCheckInterceptor } from './request-url-check.interceptor';

function contextOf(url: string): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => ({ url }) }) } as unknown as ExecutionContext;
}

const handler: CallHandler = { handle: () => of('handled') };

describe('RequestUrlCheckInterceptor', () => {
  const interceptor = new RequestUrlCheckInterceptor();

  it.each(['/v1/integrations/TrackingEvents/%00', '/v1/me/products?ID=a%00b', '/v1/orders/Outgoing/x?search=%00&page=1'])(
    'refuses %s with a 400 ValidationFailure',
    (url) => {
      expect(() => interceptor.intercept(contextOf(url), handler)).toThrow(ValidationFailureError);
      try {
        interceptor.intercept(contextOf(url), handler);
      } catch (error) {
        expect((error as ValidationFailureError).getResponse()).toEqual({
          Errors: [
            {
              ErrorCode: 'ValidationFailure',
              Message: 'The request URL holds the NUL character (%00), which no ID, filter or search can hold.',
              Data: null,
            },
          ],
        });
      }
    },
  );

  it.each(['/v1/integrations/TrackingEvents/a', '/v1/me/products?search=%2500', '/v1/x?ID=100%25', '/v1/x?search=%C3%A9'])(
    'lets %s through',
    async (url) => {
      await expect(lastValueFrom(interceptor.intercept(contextOf(url), handler))).resolves.toBe('handled');
    },
  );
});
