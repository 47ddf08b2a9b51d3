import { toAmount } from '../catalog/money';
import type { ProductEntity } from '../catalog/product.entity';
import type { LineItemEntity } from './line-item.entity';
import type { OrderEntity, OrderStatus } from './order.entity';
import { lineSubtotalCents, OrderTotals } from './order-totals';

/** OrderCloud's LineItem, the fields the sample shop has. */
export interface LineItem {
  ID: string;
  ProductID: string;
  Quantity: number;
  DateAdded: string;
  UnitPrice: number;
  PromotionDiscount: number;
  /** UnitPrice × Quantity. */
  LineSubtotal: number;
  /** LineSubtotal − PromotionDiscount; the sample shop has no promotions. */
  LineTotal: number;
  Product: { ID: string; Name: string; Description: string | null };
}

/** OrderCloud's Order, the fields the sample shop has. */
export interface Order {
  ID: string;
  FromUserID: string | null;
  Status: OrderStatus;
  IsSubmitted: boolean;
  Subtotal: number;
  ShippingCost: number;
  TaxCost: number;
  PromotionDiscount: number;
  /** Subtotal + TaxCost + ShippingCost − PromotionDiscount: the subtotal, in the sample shop. */
  Total: number;
  Currency: string;
  LineItemCount: number;
  DateCreated: string;
  DateSubmitted: string | null;
  LastUpdated: string;
}

export function toLineItem(line: LineItemEntity, product: ProductEntity): LineItem {
  const subtotal = toAmount(lineSubtotalCents(line));
  return {
    ID: line.id,
    ProductID: line.productId,
    Quantity: line.quantity,
    DateAdded: line.dateAdded.toISOString(),
    UnitPrice: toAmount(line.unitPriceCents),
    PromotionDiscount: 0,
    LineSubtotal: subtotal,
    LineTotal: subtotal,
    Product: { ID: product.id, Name: product.name, Description: product.description },
  };
}

/** The columns an order's representation shows, its dates as the API shows them (ISO 8601). */
export interface PresentedOrderColumns extends Pick<OrderEntity, 'id' | 'fromUserId' | 'status' | 'currency'> {
  dateCreated: string;
  dateSubmitted: string | null;
  lastUpdated: string;
}

/** An order entity's presented columns. */
export function presentedColumnsOf(order: OrderEntity): PresentedOrderColumns {
  return {
    id: order.id,
    fromUserId: order.fromUserId,
    status: order.status,
    currency: order.currency,
    dateCreated: order.dateCreated.toISOString(),
    dateSubmitted: order.dateSubmitted?.toISOString() ?? null,
    lastUpdated: order.lastUpdated.toISOString(),
  };
}

export function toOrder(order: PresentedOrderColumns, totals: OrderTotals): Order {
  return {
    ID: order.id,
    FromUserID: order.fromUserId,
    Status: order.status,
    IsSubmitted: order.status !== 'Unsubmitted',
    Subtotal: toAmount(totals.subtotalCents),
    ShippingCost: 0,
    TaxCost: 0,
    PromotionDiscount: 0,
    Total: toAmount(totals.totalCents),
    Currency: order.currency,
    LineItemCount: totals.lineItemCount,
    DateCreated: order.dateCreated,
    DateSubmitted: order.dateSubmitted,
    LastUpdated: order.lastUpdated,
  };
}
