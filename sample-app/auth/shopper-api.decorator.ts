import { applyDecorators, createParamDecorator, ExecutionContext, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { OrderCloudExceptionFilter, RequestUrlCheckInterceptor } from '../../src';
import type { Shopper } from './shopper';
import { ShopperGuard, ShopperRequest } from './shopper.guard';

/** A controller of the shopper API: Shopper tokens only, no NUL character in its URLs, errors in the OrderCloud shape. */
export function ShopperApi(): ClassDecorator {
  return applyDecorators(UseGuards(ShopperGuard), UseInterceptors(RequestUrlCheckInterceptor), UseFilters(OrderCloudExceptionFilter));
}

/** The shopper ShopperGuard let in. */
export const CurrentShopper = createParamDecorator(
  (_: unknown, context: ExecutionContext): Shopper => context.switchToHttp().getRequest<ShopperRequest>().shopper!,
);
