import {
  SHOPPER,
  lineItemAddedMessage,
  lineItemUpdatedMessage,
  orderSubmittedMessage,
  trailShoesLine,
  userLoggedInMessage,
} from '../tracking-message.fixtures';
import { addToCartPage, toDiscoverEventPost } from './discover-event-payload';

const config = { ClientID: '170434200-bv', ApiKey: '01-847028a3-5c2a1e0b9d8f7a6c', ServiceEndpoint: 'https://discover.sitecorecloud.io' };
const discoverPost = {
  url: 'https://discover.sitecorecloud.io/event/170434200-bv/v4/publish',
  headers: { 'Content-Type': 'application/json', Authorization: config.ApiKey },
};

describe('toDiscoverEventPost', () => {
  describe('UserLoggedIn', () => {
    it('publishes user:login, linking the beacon uuid to the user', () => {
      expect(toDiscoverEventPost(userLoggedInMessage(), config, null)).toEqual({
        ...discoverPost,
        body: {
          type: 'user',
          name: 'login',
          uuid: SHOPPER.anonymousId,
          user_id: SHOPPER.userId,
          t: Date.parse('2026-03-02T14:05:09.417Z'),
          value: { context: { user: { id: SHOPPER.userId, email: SHOPPER.email } } },
        },
      });
    });

    it('leaves out the email and uuid it does not know', () => {
      const post = toDiscoverEventPost(
        userLoggedInMessage({ Email: null, UserContext: { ID: SHOPPER.userId, AnonymousId: null } }),
        config,
        null,
      );
      expect(post).toHaveProperty('body.value.context.user', { id: SHOPPER.userId });
      expect(post).toHaveProperty('body.user_id', SHOPPER.userId);
      expect(post).not.toHaveProperty('body.uuid');
    });

    it('skips a login without a user ID, which has nothing to link', () => {
      const message = userLoggedInMessage({ UserContext: { ID: null, AnonymousId: SHOPPER.anonymousId } });
      expect(toDiscoverEventPost(message, config, null)).toEqual({
        status: 'skipped',
        reason: 'Sitecore Discover user:login needs the user ID, and the message has no UserContext.ID',
      });
    });
  });

  describe('LineItemAdded', () => {
    it('publishes a2c:pdp with the added quantity at the unit price', () => {
      expect(toDiscoverEventPost(lineItemAddedMessage(), config, null)).toEqual({
        ...discoverPost,
        body: {
          type: 'a2c',
          name: 'pdp',
          uuid: SHOPPER.anonymousId,
          t: Date.parse('2026-03-02T13:58:41.032Z'),
          value: { products: [{ sku: 'trail-runner-2', price: 89.99, quantity: 2 }] },
        },
      });
    });

    it('names the page the TrackingEvent configures', () => {
      expect(toDiscoverEventPost(lineItemAddedMessage(), config, { DiscoverAddToCartPage: 'qview' })).toHaveProperty('body.name', 'qview');
    });
  });

  describe('LineItemUpdated', () => {
    it('publishes the increase as the a2c quantity', () => {
      expect(toDiscoverEventPost(lineItemUpdatedMessage(), config, null)).toHaveProperty('body', {
        type: 'a2c',
        name: 'pdp',
        uuid: SHOPPER.anonymousId,
        user_id: SHOPPER.userId,
        t: Date.parse('2026-03-02T14:07:12.250Z'),
        value: { products: [{ sku: 'trail-runner-2', price: 89.99, quantity: 1 }] },
      });
    });

    it('skips a decrease: Discover has no event for it', () => {
      const message = lineItemUpdatedMessage({ LineItem: trailShoesLine({ Quantity: 1 }), PreviousQuantity: 3 });
      expect(toDiscoverEventPost(message, config, null)).toEqual({
        status: 'skipped',
        reason: 'A quantity decrease has no Sitecore Discover event',
      });
    });

    it('skips an update that did not change the quantity', () => {
      const message = lineItemUpdatedMessage({ PreviousQuantity: 3 });
      expect(toDiscoverEventPost(message, config, null)).toEqual({
        status: 'skipped',
        reason: 'The quantity did not change: nothing to tell Sitecore Discover',
      });
    });
  });

  describe('OrderSubmitted', () => {
    it('publishes order:confirm with every line and the checkout', () => {
      expect(toDiscoverEventPost(orderSubmittedMessage(), config, null)).toEqual({
        ...discoverPost,
        body: {
          type: 'order',
          name: 'confirm',
          uuid: SHOPPER.anonymousId,
          user_id: SHOPPER.userId,
          t: Date.parse('2026-03-02T14:12:30.871Z'),
          value: {
            products: [
              { sku: 'trail-runner-2', price: 89.99, quantity: 3 },
              { sku: 'merino-socks', price: 12.5, quantity: 2 },
            ],
            checkout: { order_id: SHOPPER.orderId, subtotal: 294.97, total: 326.02, currency: 'USD' },
          },
        },
      });
    });

    it('leaves out a currency it does not know', () => {
      expect(toDiscoverEventPost(orderSubmittedMessage({ Currency: null }), config, null)).toHaveProperty('body.value.checkout', {
        order_id: SHOPPER.orderId,
        subtotal: 294.97,
        total: 326.02,
      });
    });
  });

  it.each([
    ['UserLoggedIn', userLoggedInMessage],
    ['LineItemAdded', lineItemAddedMessage],
    ['OrderSubmitted', orderSubmittedMessage],
  ] as const)('skips a %s message with no one to attribute it to', (_, build) => {
    expect(toDiscoverEventPost(build({ UserContext: { ID: null, AnonymousId: null } }), config, null)).toEqual({
      status: 'skipped',
      reason: 'Sitecore Discover needs a uuid or user_id, and the message has neither UserContext.AnonymousId nor UserContext.ID',
    });
  });

  it('URL-encodes the customer key and joins the endpoint without doubled slashes', () => {
    const post = toDiscoverEventPost(
      orderSubmittedMessage(),
      { ...config, ClientID: 'acct/1 x', ServiceEndpoint: 'https://discover.example.com/' },
      null,
    );
    expect(post).toHaveProperty('url', 'https://discover.example.com/event/acct%2F1%20x/v4/publish');
  });
});

describe('addToCartPage', () => {
  it.each(['home', 'pdp', 'category', 'cart', 'qview'])('takes %s from ConfigData', (page) => {
    expect(addToCartPage({ DiscoverAddToCartPage: page })).toBe(page);
  });

  it.each([null, 'cart', { DiscoverAddToCartPage: 'checkout' }, { DiscoverAddToCartPage: 'PDP' }, { DiscoverAddToCartPage: 1 }])(
    'falls back to pdp for ConfigData %j',
    (configData) => {
      expect(addToCartPage(configData)).toBe('pdp');
    },
  );
});
