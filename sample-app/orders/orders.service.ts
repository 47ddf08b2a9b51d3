import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { NotFoundError, TrackEvent } from '../../src';
import { generateApiId } from '../../src/common/ids/generate-api-id';
import type { Shopper } from '../auth/shopper';
import { SHOP_CURRENCY } from '../config/shop-locale';
import { LineItemEntity } from './line-item.entity';
import { parseOrderDirection } from './order-direction';
import { OrderEntity } from './order.entity';
import { CannotSubmitBadStatusError, CannotSubmitWithNoLineItemsError, SubmittedOrderLinesError } from './order.errors';
import { Order, toOrder } from './order.model';
import { orderTotals, totalsOfSubtotal } from './order-totals';

/** Shoppers' orders: carts, ownership and submission. */
@Injectable()
export class OrdersService {
  constructor(
    @InjectRepository(OrderEntity) private readonly orders: Repository<OrderEntity>,
    @InjectRepository(LineItemEntity) private readonly lineItems: Repository<LineItemEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The shopper's cart, created on first use: a buyer's one unsubmitted order, or the order an
   * anonymous shopper's token names (after submitting it, an anonymous shopper gets a new token for
   * a new cart, as in OrderCloud).
   */
  async cartOf(shopper: Shopper): Promise<OrderEntity> {
    const where = shopper.kind === 'user' ? { cartOwnerId: shopper.userId } : { id: shopper.cartId };
    let cart = await this.orders.findOneBy(where);
    if (!cart) {
      // Concurrent first requests create one cart between them: its owner (buyer) or its ID (anonymous) is unique.
      await this.orders.createQueryBuilder().insert().values(newCart(shopper)).orIgnore().execute();
      cart = await this.orders.findOneByOrFail(where);
    }
    if (!isOwnedBy(cart, shopper)) throw new NotFoundError('Order', cart.id);
    return cart;
  }

  /** The order of an `/orders/{direction}/{orderID}` route; 404 NotFound unless it is the shopper's own. */
  async ownedOrder(shopper: Shopper, direction: string, orderId: string): Promise<OrderEntity> {
    // A shopper's orders are all outgoing: nothing is incoming to a buyer.
    const order = parseOrderDirection(direction) === 'Incoming' ? null : await this.orders.findOneBy({ id: orderId });
    if (!order || !isOwnedBy(order, shopper)) throw new NotFoundError('Order', orderId);
    return order;
  }

  /** The order with the totals of its lines. */
  async present(order: OrderEntity): Promise<Order> {
    const lines = await this.lineItems.find({ where: { orderId: order.id }, select: { unitPriceCents: true, quantity: true } });
    return toOrder(order, orderTotals(lines));
  }

  async findById(orderId: string): Promise<Order | null> {
    const order = await this.orders.findOneBy({ id: orderId });
    return order && this.present(order);
  }

  /** The orders of these IDs that exist, with their totals: two queries for all of them. */
  async findByIds(orderIds: string[]): Promise<Order[]> {
    const orders = await this.orders.findBy({ id: In(orderIds) });
    if (orders.length === 0) return [];
    // The lines' sums, not the lines: the tracking library asks for hundreds of orders at once.
    const sums = await this.lineItems
      .createQueryBuilder('line')
      .select('line.orderId', 'orderId')
      .addSelect('SUM(line.unitPriceCents * line.quantity)', 'subtotalCents')
      .addSelect('COUNT(*)', 'lineItemCount')
      .where({ orderId: In(orders.map((order) => order.id)) })
      .groupBy('line.orderId')
      .getRawMany<{ orderId: string; subtotalCents: number | string; lineItemCount: number | string }>();
    // PostgreSQL answers SUM and COUNT as text (bigint).
    const totalsByOrder = new Map(sums.map((sum) => [sum.orderId, totalsOfSubtotal(Number(sum.subtotalCents), Number(sum.lineItemCount))]));
    return orders.map((order) => toOrder(order, totalsByOrder.get(order.id) ?? orderTotals([])));
  }

  /** Submits an order: it becomes `Open` and its lines no longer change. */
  @TrackEvent('OrderSubmitted', { map: ({ result }) => ({ subject: { OrderID: (result as Order).ID } }) })
  async submit(order: OrderEntity): Promise<Order> {
    const now = new Date();
    await this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.update(
        OrderEntity,
        { id: order.id, status: 'Unsubmitted' },
        { status: 'Open', dateSubmitted: now, lastUpdated: now, cartOwnerId: null },
      );
      if (!affected) throw new CannotSubmitBadStatusError(order.id);
      if (!(await manager.existsBy(LineItemEntity, { orderId: order.id }))) throw new CannotSubmitWithNoLineItemsError(order.id);
    });
    return this.present(await this.orders.findOneByOrFail({ id: order.id }));
  }

  /**
   * Runs a change of an order's lines in a transaction, unless the order is submitted. Touching the
   * order first locks its row (PostgreSQL), so a submit and a line change never interleave.
   */
  changeLines<T>(order: OrderEntity, change: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.update(OrderEntity, { id: order.id, status: 'Unsubmitted' }, { lastUpdated: new Date() });
      if (!affected) throw new SubmittedOrderLinesError(order.id);
      return change(manager);
    });
  }
}

function isOwnedBy(order: OrderEntity, shopper: Shopper): boolean {
  return shopper.kind === 'user'
    ? order.fromUserId === shopper.userId
    : order.fromUserId === null && order.anonymousId === shopper.anonymousId;
}

function newCart(shopper: Shopper): OrderEntity {
  const now = new Date();
  const user = shopper.kind === 'user' ? shopper.userId : null;
  return {
    id: shopper.kind === 'anonymous' ? shopper.cartId : generateApiId(),
    fromUserId: user,
    anonymousId: shopper.kind === 'anonymous' ? shopper.anonymousId : null,
    cartOwnerId: user,
    status: 'Unsubmitted',
    currency: SHOP_CURRENCY,
    dateCreated: now,
    dateSubmitted: null,
    lastUpdated: now,
  };
}
