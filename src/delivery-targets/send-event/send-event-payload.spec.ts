import {
  SHOPPER,
  lineItemAddedMessage,
  lineItemUpdatedMessage,
  orderSubmittedMessage,
  trailShoesLine,
  userLoggedInMessage,
} from '../tracking-message.fixtures';
import { productUrl, roundToCents, sendEventProduct, toSendEventPost } from './send-event-payload';

const config = { SiteID: '3f0e7d52-1b9a-4c6e-8d2f-5a4b3c2d1e0f', ServiceEndpoint: 'https://t.stat-track.com' };
const configData = { ProductUrlTemplate: 'https://shop.example.com/p/{ProductID}' };
const sendHeaders = { 'Content-Type': 'application/json', Accept: 'application/json' };

describe('toSendEventPost', () => {
  describe('UserLoggedIn', () => {
    it('identifies the beacon visitor by email and name on /identify', () => {
      expect(toSendEventPost(userLoggedInMessage(), config, configData)).toEqual({
        url: 'https://t.stat-track.com/identify',
        headers: sendHeaders,
        body: {
          siteId: config.SiteID,
          actionType: 'IDENTIFY',
          ContactId: SHOPPER.anonymousId,
          ContactEmailAddress: SHOPPER.email,
          sessionId: SHOPPER.anonymousId,
          ContactName: 'Jane Doe',
        },
      });
    });

    it('uses the user ID as contact and session when there is no beacon ID', () => {
      const post = toSendEventPost(userLoggedInMessage({ UserContext: { ID: SHOPPER.userId, AnonymousId: null } }), config, null);
      expect(post).toMatchObject({ body: { ContactId: SHOPPER.userId, sessionId: SHOPPER.userId } });
    });

    it('leaves out the email and name it does not know', () => {
      const post = toSendEventPost(userLoggedInMessage({ Email: null, FirstName: null, LastName: null }), config, null);
      expect(post).toHaveProperty('body');
      expect(post).not.toHaveProperty('body.ContactEmailAddress');
      expect(post).not.toHaveProperty('body.ContactName');
    });

    it('names the contact by whichever name it has', () => {
      expect(toSendEventPost(userLoggedInMessage({ FirstName: null }), config, null)).toHaveProperty('body.ContactName', 'Doe');
      expect(toSendEventPost(userLoggedInMessage({ LastName: ' ' }), config, null)).toHaveProperty('body.ContactName', 'Jane');
    });
  });

  describe('LineItemAdded', () => {
    it('tracks ADDED_TO_ORDER with the added quantity and line total, in the session of the order', () => {
      expect(toSendEventPost(lineItemAddedMessage(), config, configData)).toEqual({
        url: 'https://t.stat-track.com/track',
        headers: sendHeaders,
        body: {
          siteId: config.SiteID,
          actionType: 'ADDED_TO_ORDER',
          ContactId: SHOPPER.anonymousId,
          sessionId: SHOPPER.orderId,
          properties: [
            {
              product: {
                itemCode: 'trail-runner-2',
                itemName: 'Trail Runner 2',
                itemPrice: 89.99,
                itemQuantity: 2,
                itemTotalPrice: 179.98,
                itemUrl: 'https://shop.example.com/p/trail-runner-2',
              },
            },
          ],
        },
      });
    });

    it('uses the line total, which is after promotions', () => {
      const message = lineItemAddedMessage({ LineItem: trailShoesLine({ LineTotal: 161.98 }) });
      expect(toSendEventPost(message, config, null)).toHaveProperty('body.properties.0.product.itemTotalPrice', 161.98);
    });
  });

  describe('LineItemUpdated', () => {
    it('sends the increase as itemQuantity, priced at the unit price', () => {
      const post = toSendEventPost(lineItemUpdatedMessage(), config, configData);
      expect(post).toMatchObject({
        url: 'https://t.stat-track.com/track',
        body: {
          actionType: 'ADDED_TO_ORDER',
          ContactId: SHOPPER.anonymousId,
          ContactEmailAddress: SHOPPER.email,
          sessionId: SHOPPER.orderId,
          properties: [{ product: { itemCode: 'trail-runner-2', itemPrice: 89.99, itemQuantity: 1, itemTotalPrice: 89.99 } }],
        },
      });
    });

    it('sends a decrease as a negative quantity and total, rounded to cents', () => {
      const message = lineItemUpdatedMessage({ LineItem: trailShoesLine({ Quantity: 1, Price: 33.335 }), PreviousQuantity: 4 });
      expect(toSendEventPost(message, config, null)).toHaveProperty('body.properties.0.product', {
        itemCode: 'trail-runner-2',
        itemName: 'Trail Runner 2',
        itemPrice: 33.335,
        itemQuantity: -3,
        itemTotalPrice: -100.01,
      });
    });

    it('skips an update that did not change the quantity', () => {
      const message = lineItemUpdatedMessage({ LineItem: trailShoesLine({ Quantity: 2 }), PreviousQuantity: 2 });
      expect(toSendEventPost(message, config, null)).toEqual({
        status: 'skipped',
        reason: 'The quantity did not change: nothing to tell Sitecore Send',
      });
    });
  });

  describe('OrderSubmitted', () => {
    it('tracks ORDER_COMPLETED with one product per line and the order total', () => {
      expect(toSendEventPost(orderSubmittedMessage(), config, configData)).toEqual({
        url: 'https://t.stat-track.com/track',
        headers: sendHeaders,
        body: {
          siteId: config.SiteID,
          actionType: 'ORDER_COMPLETED',
          ContactId: SHOPPER.anonymousId,
          ContactEmailAddress: SHOPPER.email,
          sessionId: SHOPPER.orderId,
          properties: [
            {
              products: [
                {
                  itemCode: 'trail-runner-2',
                  itemName: 'Trail Runner 2',
                  itemPrice: 89.99,
                  itemQuantity: 3,
                  itemTotalPrice: 269.97,
                  itemUrl: 'https://shop.example.com/p/trail-runner-2',
                },
                {
                  itemCode: 'merino-socks',
                  itemName: 'Merino Socks',
                  itemPrice: 12.5,
                  itemQuantity: 2,
                  itemTotalPrice: 22.5,
                  itemUrl: 'https://shop.example.com/p/merino-socks',
                },
              ],
              totalPrice: 326.02,
            },
          ],
        },
      });
    });
  });

  it.each([
    ['UserLoggedIn', userLoggedInMessage],
    ['LineItemAdded', lineItemAddedMessage],
    ['OrderSubmitted', orderSubmittedMessage],
  ] as const)('skips a %s message with no one to attribute it to', (_, build) => {
    const message = build({ UserContext: { ID: null, AnonymousId: null } });
    expect(toSendEventPost(message, config, null)).toEqual({
      status: 'skipped',
      reason: 'Sitecore Send needs a ContactId, and the message has neither UserContext.AnonymousId nor UserContext.ID',
    });
  });

  it('joins the service endpoint and path with exactly one slash', () => {
    const post = toSendEventPost(orderSubmittedMessage(), { ...config, ServiceEndpoint: 'https://t.stat-track.com/' }, null);
    expect(post).toHaveProperty('url', 'https://t.stat-track.com/track');
  });

  it.each([null, 'https://shop/{ProductID}', ['x'], { ProductUrlTemplate: 42 }, { ProductUrlTemplate: '' }, { Other: 'x' }])(
    'leaves itemUrl out when ConfigData %j has no ProductUrlTemplate text',
    (data) => {
      expect(toSendEventPost(lineItemAddedMessage(), config, data)).not.toHaveProperty('body.properties.0.product.itemUrl');
    },
  );
});

describe('sendEventProduct', () => {
  it('leaves out a product name it does not know', () => {
    const line = trailShoesLine();
    line.Product.ProductName = null;
    expect(sendEventProduct(line)).toEqual({ itemCode: 'trail-runner-2', itemPrice: 89.99, itemQuantity: 2, itemTotalPrice: 179.98 });
  });
});

describe('productUrl', () => {
  it('puts the URL-encoded product ID wherever the template asks for it', () => {
    expect(productUrl('https://shop.example.com/p/{ProductID}?ref={ProductID}', 'tees/v neck#1')).toBe(
      'https://shop.example.com/p/tees%2Fv%20neck%231?ref=tees%2Fv%20neck%231',
    );
  });
});

describe('roundToCents', () => {
  it.each([
    [100.005, 100.01],
    [-100.005, -100.01],
    [0.1 + 0.2, 0.3],
    [-89.99, -89.99],
  ])('rounds %d to %d, halves away from zero', (amount, rounded) => {
    expect(roundToCents(amount)).toBe(rounded);
  });
});
