import { ApiErrorException } from '../../src';
import { readLineItemBody } from './line-item-body';

function errorOf(read: () => unknown): ApiErrorException['errors'][number] {
  try {
    read();
  } catch (error) {
    if (error instanceof ApiErrorException) return error.errors[0];
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('readLineItemBody', () => {
  it('reads the fields a shopper writes and ignores the rest, UnitPrice included', () => {
    expect(readLineItemBody({ ID: 'line-1', ProductID: 'mug', Quantity: 2, UnitPrice: 0.01, xp: {} })).toEqual({
      ID: 'line-1',
      ProductID: 'mug',
      Quantity: 2,
    });
  });

  it('needs a ProductID for a whole line, not for a PATCH', () => {
    expect(errorOf(() => readLineItemBody({ Quantity: 1 }))).toEqual({
      ErrorCode: 'ValidationFailure',
      Message: 'ProductID is required.',
      Data: { Property: 'ProductID' },
    });
    expect(readLineItemBody({ Quantity: 3 }, { partial: true })).toEqual({ Quantity: 3 });
  });

  it('counts a null ProductID as none', () => {
    expect(errorOf(() => readLineItemBody({ ProductID: null, Quantity: 1 }))).toMatchObject({ Message: 'ProductID is required.' });
  });

  it.each([0, -2])('answers LineItem.QuantityMustBePositive to a Quantity of %p', (quantity) => {
    expect(errorOf(() => readLineItemBody({ ProductID: 'mug', Quantity: quantity })).ErrorCode).toBe('LineItem.QuantityMustBePositive');
  });

  it.each([1.5, '2', 2_147_483_648])('refuses a Quantity of %p as a ValidationFailure', (quantity) => {
    expect(errorOf(() => readLineItemBody({ ProductID: 'mug', Quantity: quantity }))).toMatchObject({
      ErrorCode: 'ValidationFailure',
      Data: { Property: 'Quantity' },
    });
  });

  it('refuses a body that is not an object', () => {
    expect(errorOf(() => readLineItemBody([{ ProductID: 'mug' }])).ErrorCode).toBe('ValidationFailure');
  });
});
