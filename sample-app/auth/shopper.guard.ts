import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { InsufficientRolesError, InvalidTokenError } from '../../src';
import { Shopper, SHOPPER_ROLE, shopperOf } from './shopper';
import { TokenService } from './token.service';

export interface ShopperRequest extends IncomingMessage {
  shopper?: Shopper;
}

/**
 * Lets a request through when its bearer token is a buyer's or an anonymous shopper's token with the
 * Shopper role, and puts the shopper on the request. Admin users do not shop here, whatever their roles.
 */
@Injectable()
export class ShopperGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ShopperRequest>();
    const claims = this.tokens.claimsOf(request);
    if (!claims) throw new InvalidTokenError();
    const shopper = shopperOf(claims);
    if (!shopper || !shopper.roles.includes(SHOPPER_ROLE)) throw new InsufficientRolesError([SHOPPER_ROLE], claims.role ?? []);
    request.shopper = shopper;
    return true;
  }
}
