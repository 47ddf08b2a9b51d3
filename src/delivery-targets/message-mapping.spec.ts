import { cartQuantityChange, configDataString, isSkipped, skipped } from './message-mapping';
import { lineItemAddedMessage, lineItemUpdatedMessage } from './tracking-message.fixtures';

describe('cartQuantityChange', () => {
  it('counts every unit of an added line', () => {
    expect(cartQuantityChange(lineItemAddedMessage())).toBe(2);
  });

  it.each([
    [2, 3, 1],
    [5, 1, -4],
    [3, 3, 0],
  ])('gives an update from %i to %i as %i', (previous, quantity, change) => {
    const message = lineItemUpdatedMessage({ PreviousQuantity: previous });
    message.Payload.LineItem.Quantity = quantity;
    expect(cartQuantityChange(message)).toBe(change);
  });
});

describe('configDataString', () => {
  it('reads a string setting', () => {
    expect(configDataString({ ProductUrlTemplate: 'https://shop/{ProductID}' }, 'ProductUrlTemplate')).toBe('https://shop/{ProductID}');
  });

  it.each([null, undefined, 'text', 42, ['ProductUrlTemplate'], {}, { ProductUrlTemplate: 7 }, { ProductUrlTemplate: '' }])(
    'is undefined for ConfigData %j',
    (configData) => {
      expect(configDataString(configData, 'ProductUrlTemplate')).toBeUndefined();
    },
  );
});

describe('isSkipped', () => {
  it('tells a skip from a request', () => {
    expect(isSkipped(skipped('nothing to send'))).toBe(true);
    expect(isSkipped({ url: 'https://host', headers: {}, body: {} })).toBe(false);
  });
});
