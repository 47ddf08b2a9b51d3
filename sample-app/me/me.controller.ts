import { Body, Controller, Get, HttpCode, HttpStatus, Put, Query } from '@nestjs/common';
import type { ListPage } from '../../src';
import { CurrentShopper, ShopperApi } from '../auth/shopper-api.decorator';
import type { Shopper } from '../auth/shopper';
import type { BuyerProduct } from '../catalog/buyer-product.model';
import { CatalogService } from '../catalog/catalog.service';
import type { MeUser } from './me-user.model';
import { AnonymousOrderTransferService } from '../orders/anonymous-order-transfer.service';
import { MeService } from './me.service';

/** The shopper's own resources: `GET /me`, `GET /me/products` and `PUT /me/orders` (TransferAnonUserOrder). */
@ShopperApi()
@Controller('me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly catalog: CatalogService,
    private readonly transfers: AnonymousOrderTransferService,
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

  /**
   * TransferAnonUserOrder: the SDK sends the anonymous token as `?anonUserToken=`; the product docs say
   * "in the body", so `{ "anonUserToken": … }` works too.
   */
  @Put('orders')
  @HttpCode(HttpStatus.NO_CONTENT)
  transferAnonUserOrder(
    @CurrentShopper() shopper: Shopper,
    @Query('anonUserToken') fromQuery: unknown,
    @Body() body: { anonUserToken?: unknown } | undefined,
  ): Promise<void> {
    return this.transfers.transfer(shopper, fromQuery ?? body?.anonUserToken);
  }
}
