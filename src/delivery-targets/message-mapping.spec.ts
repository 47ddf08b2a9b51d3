import { cartQuantityChange, configDataString, isSkipped, orderingKeyOf, skipped } from './message-mapping';
import { lineItemAddedMessage, lineItemUpdatedMessage, orderSubmittedMessage, userLoggedInMessage } from './tracking-message.fixtures';

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

describe('orderingKeyOf', () => {
  it("keys an order's events by the order", () => {
    expect(orderingKeyOf(lineItemAddedMessage({ OrderId: 'o-1' }))).toBe('o-1');
    expect(orderingKeyOf(lineItemUpdatedMessage({ OrderId: 'o-1' }))).toBe('o-1');
    expect(orderingKeyOf(orderSubmittedMessage({ OrderID: 'o-1' }))).toBe('o-1');
  });

  it('keys a login by the user, or the anonymous shopper, or else the event', () => {
    expect(orderingKeyOf(userLoggedInMessage({ UserContext: { ID: 'u-1', AnonymousId: 'a-1' } }))).toBe('u-1');
    expect(orderingKeyOf(userLoggedInMessage({ UserContext: { ID: null, AnonymousId: 'a-1' } }))).toBe('a-1');
    const anonymous = userLoggedInMessage({ UserContext: { ID: null, AnonymousId: null } });
    expect(orderingKeyOf(anonymous)).toBe(anonymous.EventID);
  });
});
