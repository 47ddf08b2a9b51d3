import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put } from '@nestjs/common';
import { CurrentShopper, ShopperApi } from '../auth/shopper-api.decorator';
import type { Shopper } from '../auth/shopper';
import { LineItemsService } from './line-items.service';
import type { OrderEntity } from './order.entity';
import type { LineItem, Order } from './order.model';
import { OrdersService } from './orders.service';

/** The route parameters: none for `/cart`, the order's for `/orders/{direction}/{orderID}`. */
interface OrderRoute {
  direction?: string;
  orderID?: string;
}

/**
 * A cart is an order: every `/cart` route is also an `/orders/{direction}/{orderID}` route that names
 * the order instead of meaning the shopper's cart. (`GET /orders/…` is OrderCloud's `Orders.Get`.)
 */
@ShopperApi()
@Controller(['cart', 'orders/:direction/:orderID'])
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly lineItems: LineItemsService,
  ) {}

  @Get()
  async get(@CurrentShopper() shopper: Shopper, @Param() route: OrderRoute): Promise<Order> {
    return this.orders.present(await this.orderOf(shopper, route));
  }

  @Post('lineitems')
  async createLineItem(@CurrentShopper() shopper: Shopper, @Param() route: OrderRoute, @Body() body: unknown): Promise<LineItem> {
    return this.lineItems.add(await this.orderOf(shopper, route), body);
  }

  @Patch('lineitems/:lineItemID')
  async patchLineItem(
    @CurrentShopper() shopper: Shopper,
    @Param() route: OrderRoute,
    @Param('lineItemID') lineItemId: string,
    @Body() body: unknown,
  ): Promise<LineItem> {
    return this.lineItems.update(await this.orderOf(shopper, route), lineItemId, body, 'merge');
  }

  @Put('lineitems/:lineItemID')
  async saveLineItem(
    @CurrentShopper() shopper: Shopper,
    @Param() route: OrderRoute,
    @Param('lineItemID') lineItemId: string,
    @Body() body: unknown,
  ): Promise<LineItem> {
    return this.lineItems.update(await this.orderOf(shopper, route), lineItemId, body, 'replace');
  }

  @Post('submit')
  @HttpCode(HttpStatus.OK)
  async submit(@CurrentShopper() shopper: Shopper, @Param() route: OrderRoute): Promise<Order> {
    return this.orders.submit(await this.orderOf(shopper, route));
  }

  private orderOf(shopper: Shopper, { direction, orderID }: OrderRoute): Promise<OrderEntity> {
    return orderID === undefined ? this.orders.cartOf(shopper) : this.orders.ownedOrder(shopper, direction!, orderID);
  }
}
