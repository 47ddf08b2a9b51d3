import { toAmount } from '../catalog/money';
import { lineSubtotalCents, orderTotals } from './order-totals';

describe('order totals', () => {
  it('prices a line as UnitPrice × Quantity: 3 × 12.50 = 37.50', () => {
    expect(toAmount(lineSubtotalCents({ unitPriceCents: 1250, quantity: 3 }))).toBe(37.5);
  });

  it('sums lines exactly where floating point amounts would not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    const totals = orderTotals([
      { unitPriceCents: 10, quantity: 1 },
      { unitPriceCents: 20, quantity: 1 },
    ]);
    expect(toAmount(totals.subtotalCents)).toBe(0.3);
  });

  it('totals an order: Total = Subtotal, one count per line', () => {
    const totals = orderTotals([
      { unitPriceCents: 1250, quantity: 3 },
      { unitPriceCents: 49900, quantity: 1 },
      { unitPriceCents: 800, quantity: 2 },
    ]);
    expect(totals).toEqual({ subtotalCents: 55250, totalCents: 55250, lineItemCount: 3 });
    expect(toAmount(totals.totalCents)).toBe(552.5);
  });

  it('counts two lines of the same product as two lines', () => {
    expect(
      orderTotals([
        { unitPriceCents: 800, quantity: 1 },
        { unitPriceCents: 800, quantity: 1 },
      ]).lineItemCount,
    ).toBe(2);
  });

  it('totals an empty order at zero', () => {
    expect(orderTotals([])).toEqual({ subtotalCents: 0, totalCents: 0, lineItemCount: 0 });
  });
});
