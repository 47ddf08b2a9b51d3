import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityMetadata, Repository } from 'typeorm';
import { generateApiId, inTransaction, NotFoundError, TrackEvent } from '../../src';
import type { Shopper } from '../auth/shopper';
import { SHOP_CURRENCY } from '../config/shop-locale';
import { LineItemEntity } from './line-item.entity';
import { parseOrderDirection } from './order-direction';
import { OrderEntity } from './order.entity';
import { CannotSubmitBadStatusError, CannotSubmitWithNoLineItemsError, SubmittedOrderLinesError } from './order.errors';
import { Order, presentedColumnsOf, toOrder } from './order.model';
import { orderTotals, totalsOfSubtotal } from './order-totals';

/** How TypeORM writes a date to SQLite: UTC, to the millisecond. */
const SQLITE_UTC_DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

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
      // A transaction of its own: on SQLite, a write outside one would join whichever request's transaction is open.
      await inTransaction(this.dataSource, (manager) =>
        manager.createQueryBuilder().insert().into(OrderEntity).values(newCart(shopper)).orIgnore().execute(),
      );
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
    return toOrder(presentedColumnsOf(order), orderTotals(lines));
  }

  async findById(orderId: string): Promise<Order | null> {
    const order = await this.orders.findOneBy({ id: orderId });
    return order && this.present(order);
  }

  /**
   * The orders of these IDs that exist, with their totals: one query for all of them, its rows read
   * as they come. The tracking library asks for hundreds of orders at once, and TypeORM's handling of
   * that many parameters and entities cost more than the query itself.
   */
  async findByIds(orderIds: string[]): Promise<Order[]> {
    if (orderIds.length === 0) return [];
    const column = (property: keyof OrderEntity) => this.orders.metadata.findColumnWithPropertyName(property)!;
    const [dateCreated, dateSubmitted, lastUpdated] = [column('dateCreated'), column('dateSubmitted'), column('lastUpdated')];
    const rows = (await this.dataSource.query(this.ordersWithTotalsSql(orderIds.length), orderIds)) as OrderWithTotalsRow[];
    return rows.map((row) =>
      toOrder(
        {
          id: row.id,
          fromUserId: row.from_user_id,
          status: row.status,
          currency: row.currency,
          dateCreated: this.isoDateTimeOf(row.date_created, dateCreated)!,
          dateSubmitted: this.isoDateTimeOf(row.date_submitted, dateSubmitted),
          lastUpdated: this.isoDateTimeOf(row.last_updated, lastUpdated)!,
        },
        // PostgreSQL answers SUM and COUNT as text (bigint).
        totalsOfSubtotal(Number(row.subtotal_cents), Number(row.line_item_count)),
      ),
    );
  }

  /**
   * A date of a raw row as the API shows it (ISO 8601). SQLite keeps TypeORM's dates as UTC text
   * (`2026-11-28 04:20:16.123`), rewritten here as it is: through TypeORM's conversion to a `Date` and
   * back, an order's three dates took longer than the query that read it. Other forms go through TypeORM.
   */
  private isoDateTimeOf(value: unknown, column: EntityMetadata['columns'][number]): string | null {
    if (typeof value === 'string' && SQLITE_UTC_DATETIME.test(value)) return `${value.slice(0, 10)}T${value.slice(11)}Z`;
    const date = this.dataSource.driver.prepareHydratedValue(value, column) as Date | null;
    return date ? date.toISOString() : null;
  }

  private ordersWithTotalsSql(idCount: number): string {
    const { driver } = this.dataSource;
    const table = (metadata: EntityMetadata) =>
      metadata.tablePath
        .split('.')
        .map((part) => driver.escape(part))
        .join('.');
    const ids = Array.from({ length: idCount }, (_, index) => driver.createParameter(`id${index}`, index)).join(', ');
    return (
      'SELECT o.id, o.from_user_id, o.status, o.currency, o.date_created, o.date_submitted, o.last_updated, ' +
      'COALESCE(SUM(line.unit_price_cents * line.quantity), 0) AS subtotal_cents, COUNT(line.id) AS line_item_count ' +
      `FROM ${table(this.orders.metadata)} o LEFT JOIN ${table(this.lineItems.metadata)} line ON line.order_id = o.id ` +
      `WHERE o.id IN (${ids}) GROUP BY o.id`
    );
  }

  /** Submits an order: it becomes `Open` and its lines no longer change. */
  @TrackEvent('OrderSubmitted', { map: ({ result }) => ({ subject: { OrderID: (result as Order).ID } }) })
  async submit(order: OrderEntity): Promise<Order> {
    const now = new Date();
    await inTransaction(this.dataSource, async (manager) => {
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
    return inTransaction(this.dataSource, async (manager) => {
      const { affected } = await manager.update(OrderEntity, { id: order.id, status: 'Unsubmitted' }, { lastUpdated: new Date() });
      if (!affected) throw new SubmittedOrderLinesError(order.id);
      return change(manager);
    });
  }
}

/** A row of the orders-with-totals query. */
interface OrderWithTotalsRow {
  id: string;
  from_user_id: string | null;
  status: OrderEntity['status'];
  currency: string;
  date_created: unknown;
  date_submitted: unknown;
  last_updated: unknown;
  subtotal_cents: number | string;
  line_item_count: number | string;
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
