import { applyDecorators, createParamDecorator, ExecutionContext, UseFilters, UseGuards } from '@nestjs/common';
import { OrderCloudExceptionFilter } from '../../src';
import type { Shopper } from './shopper';
import { ShopperGuard, ShopperRequest } from './shopper.guard';

/** A controller of the shopper API: Shopper tokens only, errors in the OrderCloud shape. */
export function ShopperApi(): ClassDecorator {
  return applyDecorators(UseGuards(ShopperGuard), UseFilters(OrderCloudExceptionFilter));
}

/** The shopper ShopperGuard let in. */
export const CurrentShopper = createParamDecorator(
  (_: unknown, context: ExecutionContext): Shopper => context.switchToHttp().getRequest<ShopperRequest>().shopper!,
);
