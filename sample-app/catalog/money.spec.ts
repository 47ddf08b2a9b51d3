import { toAmount, toCents } from './money';

describe('money in cents', () => {
  it('turns prices into cents exactly', () => {
    expect(toCents(12.5)).toBe(1250);
    expect(toCents(499)).toBe(49900);
    expect(toCents(8)).toBe(800);
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(toCents(0.29)).toBe(29);
  });

  it('turns cents into the amounts the API shows', () => {
    expect(toAmount(3750)).toBe(37.5);
    expect(toAmount(55250)).toBe(552.5);
    expect(toAmount(1)).toBe(0.01);
  });
});
