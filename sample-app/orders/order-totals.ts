import type { Cents } from '../catalog/money';

/** A line's price: what one unit costs and how many of them. */
export interface PricedLine {
  unitPriceCents: Cents;
  quantity: number;
}

/** UnitPrice × Quantity. */
export function lineSubtotalCents(line: PricedLine): Cents {
  return line.unitPriceCents * line.quantity;
}

export interface OrderTotals {
  subtotalCents: Cents;
  /** The sample shop has no tax, shipping, fees or promotions: the total is the subtotal. */
  totalCents: Cents;
  lineItemCount: number;
}

/** An order's totals, summed from its lines. */
export function orderTotals(lines: readonly PricedLine[]): OrderTotals {
  return totalsOfSubtotal(
    lines.reduce((sum, line) => sum + lineSubtotalCents(line), 0),
    lines.length,
  );
}

/** An order's totals from its lines' sum, as the database adds them up. */
export function totalsOfSubtotal(subtotalCents: Cents, lineItemCount: number): OrderTotals {
  return { subtotalCents, totalCents: subtotalCents, lineItemCount };
}
