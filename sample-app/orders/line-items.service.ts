import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { generateApiId, IdExistsError, NotFoundError, TrackEvent, ValidationFailureError } from '../../src';
import { CatalogService } from '../catalog/catalog.service';
import { readLineItemBody } from './line-item-body';
import { LineItemEntity } from './line-item.entity';
import type { OrderEntity } from './order.entity';
import { CannotChangeProductIdError } from './order.errors';
import { LineItem, toLineItem } from './order.model';
import { OrdersService } from './orders.service';

/** How a line is written: PATCH merges the fields given, PUT replaces the line. */
export type LineItemWrite = 'merge' | 'replace';

/** The lines of shoppers' orders, for the cart and the orders routes alike. */
@Injectable()
export class LineItemsService {
  constructor(
    @InjectRepository(LineItemEntity) private readonly lineItems: Repository<LineItemEntity>,
    private readonly catalog: CatalogService,
    private readonly orders: OrdersService,
  ) {}

  /**
   * Adds a line, priced at the product's price. A product already in the order gets a line of its
   * own: OrderCloud does not merge lines.
   */
  @TrackEvent('LineItemAdded', {
    map: ({ args, result }) => ({ subject: { OrderID: (args[0] as OrderEntity).id, LineItem: result as LineItem } }),
  })
  async add(order: OrderEntity, body: unknown): Promise<LineItem> {
    const input = readLineItemBody(body);
    const product = await this.catalog.findForSale(input.ProductID!);
    const line = this.lineItems.create({
      orderId: order.id,
      id: input.ID ?? generateApiId(),
      productId: product.id,
      quantity: input.Quantity ?? 1,
      unitPriceCents: product.priceCents,
      dateAdded: new Date(),
    });
    await this.orders.changeLines(order, async (manager) => {
      if (await manager.existsBy(LineItemEntity, { orderId: order.id, id: line.id })) throw new IdExistsError('LineItem', line.id);
      await manager.insert(LineItemEntity, line);
    });
    return toLineItem(line, product);
  }

  /** PATCH or PUT of a line of the order. */
  async update(order: OrderEntity, lineItemId: string, body: unknown, write: LineItemWrite): Promise<LineItem> {
    const line = await this.lineItems.findOne({ where: { orderId: order.id, id: lineItemId }, relations: { product: true } });
    if (!line) throw new NotFoundError('LineItem', lineItemId);
    return this.changeLine(order, line, body, write);
  }

  /** The one method every line update goes through. Only the Quantity of a line can change. */
  @TrackEvent('LineItemUpdated', {
    // `before` sees only the arguments: the line, as update() just read it, still has its old Quantity.
    before: (args) => (args[1] as LineItemEntity).quantity,
    map: ({ args, result, before }) => ({
      subject: { OrderID: (args[0] as OrderEntity).id, LineItem: result as LineItem, PreviousQuantity: before },
    }),
  })
  async changeLine(order: OrderEntity, line: LineItemEntity, body: unknown, write: LineItemWrite): Promise<LineItem> {
    const input = readLineItemBody(body, { partial: write === 'merge' });
    if (input.ProductID !== undefined && input.ProductID !== line.productId) throw new CannotChangeProductIdError(line.id, line.productId);
    if (input.ID !== undefined && input.ID !== line.id) {
      throw new ValidationFailureError({ property: 'ID', message: 'The ID of a line item cannot change.' });
    }
    // A replaced line without a Quantity has the default quantity, as a new line does.
    const quantity = input.Quantity ?? (write === 'replace' ? 1 : line.quantity);
    await this.orders.changeLines(order, async (manager) => {
      const { affected } = await manager.update(LineItemEntity, { orderId: order.id, id: line.id }, { quantity });
      if (!affected) throw new NotFoundError('LineItem', line.id);
    });
    return toLineItem({ ...line, quantity }, line.product!);
  }

  /** Every line of an order with its product, in the order they were added. */
  async listByOrder(orderId: string): Promise<LineItem[]> {
    const lines = await this.lineItems.find({
      where: { orderId },
      relations: { product: true },
      order: { dateAdded: 'ASC', id: 'ASC' },
    });
    return lines.map((line) => toLineItem(line, line.product!));
  }
}
