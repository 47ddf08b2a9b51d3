import { Controller, Get, Query } from '@nestjs/common';
import type { ListPage } from '../../src';
import { CurrentShopper, ShopperApi } from '../auth/shopper-api.decorator';
import type { Shopper } from '../auth/shopper';
import type { BuyerProduct } from '../catalog/buyer-product.model';
import { CatalogService } from '../catalog/catalog.service';
import type { MeUser } from './me-user.model';
import { MeService } from './me.service';

/** The shopper's own resources: `GET /me` and `GET /me/products`. */
@ShopperApi()
@Controller('me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly catalog: CatalogService,
  ) {}

  @Get()
  get(@CurrentShopper() shopper: Shopper): Promise<MeUser> {
    return this.me.meUserOf(shopper);
  }

  /** OrderCloud list parameters: page, pageSize, search, searchOn, sortBy and filters. */
  @Get('products')
  listProducts(@Query() query: Record<string, unknown>): Promise<ListPage<BuyerProduct>> {
    return this.catalog.listBuyerProducts(query);
  }
}
