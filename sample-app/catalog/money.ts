/**
 * Money is kept in whole cents and turned into an amount only for the API: sums of cents are
 * exact, sums of binary fractions are not (0.1 + 0.2 !== 0.3).
 */
export type Cents = number;

/** The amount the API shows for a number of cents: 3750 → 37.5 (37.50). */
export function toAmount(cents: Cents): number {
  return cents / 100;
}

/** The cents of an amount with at most two decimals: 12.5 → 1250. */
export function toCents(amount: number): Cents {
  return Math.round(amount * 100);
}
