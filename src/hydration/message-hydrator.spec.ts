import type { CapturedEvent, LineItemSnapshot } from '../messages/captured-event';
import type { TrackingEventsSettings } from '../options';
import type { IdentityLinksService } from '../identity/identity-links.service';
import type { CommerceDataProvider, CommerceOrder, CommerceUser } from '../messages/commerce-data-provider.interface';
import { HydrationFailedError } from './hydration-failed.error';
import { MessageHydrator } from './message-hydrator';

const beans: LineItemSnapshot = {
  ID: 'line-1',
  ProductID: 'coffee-beans',
  Quantity: 3,
  UnitPrice: 12.5,
  LineSubtotal: 37.5,
  LineTotal: 37.5,
  Product: { ID: 'coffee-beans', Name: 'Coffee beans', Description: 'Whole beans, 1 kg' },
};
const mug: LineItemSnapshot = {
  ID: 'line-2',
  ProductID: 'mug',
  Quantity: 1,
  UnitPrice: 8,
  LineSubtotal: 8,
  LineTotal: 8,
  Product: { ID: 'mug', Name: 'Mug' },
  Variant: { Name: 'Blue', Description: 'Blue glaze' },
};
const order: CommerceOrder = {
  ID: 'order-1',
  FromUserID: 'buyer01',
  Status: 'Open',
  IsSubmitted: true,
  Subtotal: 45.5,
  Total: 45.5,
  Currency: 'USD',
  DateCreated: '2026-11-27T10:00:00.000Z',
  DateSubmitted: '2026-11-27T10:05:00.000Z',
};
const buyer: CommerceUser = { ID: 'buyer01', FirstName: 'Bea', LastName: 'Buyer', Email: 'buyer01@example.com', Locale: 'en-US' };

/** The host's store, in memory. */
const store: CommerceDataProvider = {
  getOrder: async (id) => (id === order.ID ? order : null),
  listLineItems: async (id) => (id === order.ID ? [beans, mug] : []),
  getUser: async (id) => (id === buyer.ID ? buyer : null),
};

/** The identity links of the store, in memory: buyer02 was an anonymous shopper before logging in. */
const links = new Map([['buyer02', 'beacon-9']]);
const identityLinks = {
  currentAnonymousIds: async (userIds: readonly string[]) =>
    new Map(userIds.flatMap((userId) => (links.has(userId) ? [[userId, links.get(userId)!] as const] : []))),
} as IdentityLinksService;

/** The settings hydration reads: the host's data, and the namespaces' spelling (OrderCloud's by default). */
function settingsWith(
  commerceData: CommerceDataProvider,
  messageNamespaces: TrackingEventsSettings['messageNamespaces'] = 'ordercloud',
): TrackingEventsSettings {
  return { commerceData, messageNamespaces } as TrackingEventsSettings;
}

const hydrator = new MessageHydrator(settingsWith(store), identityLinks);
const at = '2026-11-27T10:05:00.000Z';

describe('MessageHydrator', () => {
  it('builds the Session message of a login from the user', async () => {
    const event: CapturedEvent = {
      ID: 'e1',
      EventType: 'UserLoggedIn',
      OccurredAt: at,
      Context: { ClientID: 'storefront', UserID: 'buyer01', Currency: 'USD' },
      Subject: { UserID: 'buyer01' },
    };
    expect(await hydrator.hydrate(event)).toEqual({
      EventID: 'e1',
      EventType: 'UserLoggedIn',
      Namespace: 'sitecore.ordercloud.messages.sessions.identified',
      OccurredAt: at,
      ClientID: 'storefront',
      Payload: {
        UserContext: { ID: 'buyer01', AnonymousId: null },
        Language: 'en',
        Currency: 'USD',
        Email: 'buyer01@example.com',
        FirstName: 'Bea',
        LastName: 'Buyer',
      },
    });
  });

  it('keeps the line item as captured, and the previous quantity of an update', async () => {
    const captured = { ...beans, Quantity: 2, LineSubtotal: 25, LineTotal: 25 };
    const event: CapturedEvent = {
      ID: 'e2',
      EventType: 'LineItemUpdated',
      OccurredAt: at,
      Context: { ClientID: 'storefront', AnonymousID: 'beacon-1', Language: 'fr' },
      Subject: { OrderID: 'order-1', LineItem: captured, PreviousQuantity: 3 },
    };
    const message = await hydrator.hydrate(event);
    expect(message.Namespace).toBe('sitecore.ordercloud.messages.orders.lines.updated');
    expect(message.Payload).toEqual({
      UserContext: { ID: null, AnonymousId: 'beacon-1' },
      Language: 'fr',
      Currency: 'USD',
      Email: 'buyer01@example.com',
      OrderId: 'order-1',
      LineItem: {
        LineID: 'line-1',
        Product: {
          ProductID: 'coffee-beans',
          ProductName: 'Coffee beans',
          ProductDescription: 'Whole beans, 1 kg',
          Price: 12.5,
          Variant: null,
          xp: null,
        },
        Quantity: 2,
        Price: 12.5,
        LineTotal: 25,
        LineSubTotal: 25,
        xp: null,
      },
      PreviousQuantity: 3,
    });
  });

  it('builds the Order message with every line and its product', async () => {
    const event: CapturedEvent = {
      ID: 'e3',
      EventType: 'OrderSubmitted',
      OccurredAt: at,
      Context: { ClientID: 'storefront', UserID: 'buyer01' },
      Subject: { OrderID: 'order-1' },
    };
    const message = await hydrator.hydrate(event);
    expect(message.Payload).toMatchObject({
      UserContext: { ID: 'buyer01', AnonymousId: null },
      OrderID: 'order-1',
      Currency: 'USD',
      Email: 'buyer01@example.com',
      OrderDate: '2026-11-27T10:00:00.000Z',
      OrderStatus: 'Open',
      OrderTotal: 45.5,
      OrderSubtotal: 45.5,
      Payments: [],
      xp: null,
    });
    expect(
      message.EventType === 'OrderSubmitted' && message.Payload.LineItems.map((item) => [item.LineID, item.Quantity, item.Product.Variant]),
    ).toEqual([
      ['line-1', 3, null],
      ['line-2', 1, { VariantName: 'Blue', VariantDescription: 'Blue glaze' }],
    ]);
  });

  it("gives a user's later events the anonymous ID the user was linked to", async () => {
    const event: CapturedEvent = {
      ID: 'e5',
      EventType: 'OrderSubmitted',
      OccurredAt: at,
      Context: { ClientID: 'storefront', UserID: 'buyer02' },
      Subject: { OrderID: 'order-1' },
    };
    expect((await hydrator.hydrate(event)).Payload.UserContext).toEqual({ ID: 'buyer02', AnonymousId: 'beacon-9' });
  });

  it('keeps the anonymous ID the event was captured with', async () => {
    const event: CapturedEvent = {
      ID: 'e6',
      EventType: 'OrderSubmitted',
      OccurredAt: at,
      Context: { ClientID: 'storefront', UserID: 'buyer02', AnonymousID: 'beacon-new' },
      Subject: { OrderID: 'order-1' },
    };
    expect((await hydrator.hydrate(event)).Payload.UserContext).toEqual({ ID: 'buyer02', AnonymousId: 'beacon-new' });
  });

  it('refuses to describe a submitted order that no longer exists', async () => {
    const event: CapturedEvent = {
      ID: 'e4',
      EventType: 'OrderSubmitted',
      OccurredAt: at,
      Context: { ClientID: 'storefront' },
      Subject: { OrderID: 'gone' },
    };
    await expect(hydrator.hydrate(event)).rejects.toThrow(HydrationFailedError);
  });

  describe('a batch of events', () => {
    const submitted = (id: string, orderId: string, userId = 'buyer01'): CapturedEvent => ({
      ID: id,
      EventType: 'OrderSubmitted',
      OccurredAt: at,
      Context: { ClientID: 'storefront', UserID: userId },
      Subject: { OrderID: orderId },
    });
    const loggedIn = (id: string, userId: string, context: Partial<CapturedEvent['Context']> = {}): CapturedEvent => ({
      ID: id,
      EventType: 'UserLoggedIn',
      OccurredAt: at,
      Context: { ClientID: 'storefront', ...context },
      Subject: { UserID: userId },
    });
    const counting = (provider: CommerceDataProvider) => {
      const calls: string[] = [];
      const counted: CommerceDataProvider = Object.fromEntries(
        Object.entries(provider).map(([name, method]) => [
          name,
          (...args: unknown[]) => {
            calls.push(`${name}(${JSON.stringify(args[0])})`);
            return (method as (...given: unknown[]) => unknown)(...args);
          },
        ]),
      ) as unknown as CommerceDataProvider;
      return { counted, calls };
    };

    it('reads each order, user and line item list once for the whole batch', async () => {
      const { counted, calls } = counting(store);
      const batchHydrator = new MessageHydrator(settingsWith(counted), identityLinks);
      const results = await batchHydrator.hydrateAll([submitted('b1', 'order-1'), submitted('b2', 'order-1'), submitted('b3', 'order-1')]);
      expect(results.map((result) => ('message' in result ? result.message.EventID : result.error))).toEqual(['b1', 'b2', 'b3']);
      expect(calls.sort()).toEqual(['getOrder("order-1")', 'getUser("buyer01")', 'listLineItems("order-1")']);
    });

    it("uses the host's batch methods: one call for all the batch's orders, one for its users", async () => {
      const second: CommerceOrder = { ...order, ID: 'order-2', FromUserID: 'buyer02' };
      const { counted, calls } = counting({
        ...store,
        getOrders: async (ids) => [order, second].filter((candidate) => ids.includes(candidate.ID)),
        getUsers: async (ids) => [buyer].filter((candidate) => ids.includes(candidate.ID)),
      });
      const batchHydrator = new MessageHydrator(settingsWith(counted), identityLinks);
      const results = await batchHydrator.hydrateAll([submitted('b1', 'order-1'), submitted('b2', 'order-2', 'buyer02')]);
      expect(calls.filter((call) => call.startsWith('get')).sort()).toEqual([
        'getOrders(["order-1","order-2"])',
        'getUsers(["buyer01","buyer02"])',
      ]);
      const [first, other] = results.map((result) => ('message' in result ? result.message : undefined));
      expect(first?.Payload).toMatchObject({ OrderID: 'order-1', Email: 'buyer01@example.com' });
      expect(other?.Payload).toMatchObject({ OrderID: 'order-2', Email: null, UserContext: { ID: 'buyer02', AnonymousId: 'beacon-9' } });
    });

    it('reads the users of logins and of orders in one call', async () => {
      const { counted, calls } = counting({ ...store, getUsers: async (ids) => [buyer].filter((candidate) => ids.includes(candidate.ID)) });
      const batchHydrator = new MessageHydrator(settingsWith(counted), identityLinks);
      await batchHydrator.hydrateAll([submitted('b1', 'order-1'), loggedIn('b2', 'buyer02', { UserID: 'buyer02' })]);
      expect(calls.filter((call) => call.startsWith('getUser'))).toEqual(['getUsers(["buyer01","buyer02"])']);
    });

    it('fails an event that lacks what its type carries, alone', async () => {
      const broken = { ...submitted('b1', 'order-1'), Subject: undefined } as unknown as CapturedEvent;
      const results = await hydrator.hydrateAll([broken, submitted('b2', 'order-1')]);
      expect('error' in results[0] && results[0].error).toBeInstanceOf(TypeError);
      expect('message' in results[1] && results[1].message.EventID).toBe('b2');
    });

    it('gives the error of an event that cannot be hydrated, and the messages of the others', async () => {
      const results = await hydrator.hydrateAll([submitted('b1', 'gone'), submitted('b2', 'order-1')]);
      expect('error' in results[0] && results[0].error).toBeInstanceOf(HydrationFailedError);
      expect('message' in results[1] && results[1].message.EventID).toBe('b2');
    });

    it('fails every event of the batch that needs a read that failed, and only those', async () => {
      const failing = new MessageHydrator(
        settingsWith({ ...store, getOrder: async () => Promise.reject(new Error('database down')) } as CommerceDataProvider),
        identityLinks,
      );
      const results = await failing.hydrateAll([submitted('b1', 'order-1'), submitted('b2', 'order-1'), loggedIn('b3', 'buyer01')]);
      expect(results.map((result) => ('error' in result ? (result.error as Error).message : 'ok'))).toEqual([
        'database down',
        'database down',
        'ok',
      ]);
    });

    it('spells the namespaces as the messageNamespaces setting says, for every event type', async () => {
      const backbone = new MessageHydrator(settingsWith(store, 'backbone'), identityLinks);
      const results = await backbone.hydrateAll([loggedIn('n1', 'buyer01'), submitted('n2', 'order-1')]);
      expect(results.map((result) => 'message' in result && result.message.Namespace)).toEqual([
        'sitecore.backbone.messages.sessions.identified',
        'sitecore.backbone.messages.orders.submitted',
      ]);
    });
  });
});
