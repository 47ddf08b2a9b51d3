import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { IncomingMessage } from 'node:http';
import { Repository } from 'typeorm';
import type { TrackingContext } from '../../src';
import { TokenService } from '../auth/token.service';
import { UserEntity } from '../auth/user.entity';
import { languageOf, SHOP_CURRENCY } from '../config/shop-locale';

/** Tells the tracking events library who a request's event is about, from the request's bearer token. */
@Injectable()
export class TrackingContextResolver {
  constructor(
    private readonly tokens: TokenService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  /** Null (not tracked) outside a request or without a valid token. */
  async resolve(request: IncomingMessage | undefined): Promise<TrackingContext | null> {
    const claims = request && this.tokens.claimsOf(request);
    if (!claims) return null;
    if (!claims.u) {
      return { ClientID: claims.cid, AnonymousID: claims.anonuserid, Language: languageOf(null), Currency: SHOP_CURRENCY };
    }
    const user = await this.users.findOne({ where: { id: claims.u }, select: { id: true, locale: true } });
    return { ClientID: claims.cid, UserID: claims.u, Language: languageOf(user?.locale), Currency: SHOP_CURRENCY };
  }
}
