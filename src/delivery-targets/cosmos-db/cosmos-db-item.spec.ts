import { lineItemAddedMessage, orderSubmittedMessage, SHOPPER, trailShoesLine, userLoggedInMessage } from '../tracking-message.fixtures';
import { assertFitsInOneItem, COSMOS_DB_MAX_ITEM_BYTES, toCosmosDbItem } from './cosmos-db-item';

describe('toCosmosDbItem', () => {
  it('makes the delivery ID the item ID, the order ID the partition key, and keeps the payload as an object', () => {
    const message = lineItemAddedMessage();
    expect(toCosmosDbItem(message, 'dlv_1')).toEqual({
      id: 'dlv_1',
      partitionKey: SHOPPER.orderId,
      type: 'sitecore.ordercloud.messages.orders.lines.added',
      EventType: 'LineItemAdded',
      EventId: message.EventID,
      ClientId: message.ClientID,
      UserId: null,
      AnonymousId: SHOPPER.anonymousId,
      OrderId: SHOPPER.orderId,
      OccurredAt: message.OccurredAt,
      Message: message.Payload,
    });
  });

  it('files a submitted order under its order ID', () => {
    expect(toCosmosDbItem(orderSubmittedMessage(), 'dlv_2')).toMatchObject({ partitionKey: SHOPPER.orderId, OrderId: SHOPPER.orderId });
  });

  it('files a login under the user ID, without an order', () => {
    expect(toCosmosDbItem(userLoggedInMessage(), 'dlv_3')).toMatchObject({
      partitionKey: SHOPPER.userId,
      UserId: SHOPPER.userId,
      AnonymousId: SHOPPER.anonymousId,
      OrderId: null,
    });
  });
});

describe('assertFitsInOneItem', () => {
  const messageWithXp = (bytes: number) => lineItemAddedMessage({ LineItem: trailShoesLine({ xp: { Notes: 'x'.repeat(bytes) } }) });

  it('accepts an item of up to 2 MB', () => {
    const item = toCosmosDbItem(messageWithXp(0), 'dlv_1');
    const room = COSMOS_DB_MAX_ITEM_BYTES - Buffer.byteLength(JSON.stringify(item));
    expect(() => assertFitsInOneItem(toCosmosDbItem(messageWithXp(room), 'dlv_1'))).not.toThrow();
  });

  it('fails a bigger one for good, with its size', () => {
    const item = toCosmosDbItem(messageWithXp(COSMOS_DB_MAX_ITEM_BYTES), 'dlv_1');
    expect(() => assertFitsInOneItem(item)).toThrow(
      expect.objectContaining({
        retryable: false,
        message: expect.stringMatching(
          /^The LineItemAdded message \S+ is \d+ bytes as a Cosmos DB item, over Cosmos DB's limit of 2097152 bytes \(2 MB\)$/,
        ),
      }),
    );
  });
});
