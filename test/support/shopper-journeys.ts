import { Auth, Cart, DeliveryConfigurations, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SampleConfig } from '../../sample-app/config/sample-config';
import { BUYER, loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from './sample-app-harness';
import { discoverEvent, SEND_SITE, sendRequest, StandIns, startStandIns, verifiedHttpEnvelope } from './stand-ins';
import type { TestDatabase } from './test-databases';
import { pause, waitFor } from './wait-for';

const BEACON = '9f2c4e1ab7d34c0e8b5a6d7e8f901234';

/**
 * Shopper journeys driven by the official SDK against the sample app, with loopback servers standing
 * in for Sitecore Send, Sitecore Discover and an Http endpoint: what each receives, exactly.
 * Called inside a `describe`; `overrides` is read when the app starts (the Redis of a suite, say).
 */
export function shopperJourneys(database: TestDatabase, overrides: () => Partial<SampleConfig> = () => ({})): void {
  let running: RunningSampleApp;
  let standIns: StandIns;
  const received: StandIns['received'] = (counts) => standIns.received(counts);

  beforeAll(async () => {
    standIns = await startStandIns();
    running = await startSampleApp(database, overrides());
    useSdkAgainst(running);
    await loginAsAdmin();
    await DeliveryConfigurations.Create({
      ID: 'storefront-tracking',
      Name: 'Storefront tracking',
      DeliveryTargets: standIns.deliveryTargets() as never,
    });
    const configData = { ProductUrlTemplate: 'https://shop.example.com/p/{ProductID}' };
    for (const type of ['UserLoggedIn', 'LineItemAdded', 'LineItemUpdated', 'OrderSubmitted'] as const) {
      await TrackingEvents.Create({
        ID: `storefront-${type}`,
        EventType: type,
        ClientID: 'storefront',
        Name: type,
        ConfigData: configData,
        DeliveryConfigID: 'storefront-tracking',
      });
    }
    Tokens.RemoveAccessToken();
  });

  afterEach(async () => {
    // Nothing may arrive that a test did not account for.
    await pause(150);
    expect(standIns.unaccounted()).toEqual({ http: 0, send: 0, discover: 0 });
    for (const receiver of [standIns.http, standIns.send, standIns.discover]) receiver.answerWith({ status: 200, body: '{}' });
  });

  afterAll(async () => {
    await running?.close();
    await standIns?.close();
  });

  it('logged in: login, add, raise, lower and submit reach Send, Discover, the Http endpoint and the host target', async () => {
    const { access_token } = await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper']);
    Tokens.SetAccessToken(access_token);

    const login = await received({ http: 1, send: 1, discover: 1 });
    expect(verifiedHttpEnvelope(login.http[0])).toEqual({
      Headers: { type: 'sitecore.ordercloud.messages.sessions.identified' },
      Payload: {
        UserContext: { ID: 'buyer01', AnonymousId: null },
        Language: 'en',
        Currency: 'USD',
        Email: 'buyer01@example.com',
        FirstName: 'Bea',
        LastName: 'Buyer',
      },
    });
    expect(sendRequest(login.send[0], '/identify')).toEqual({
      actionType: 'IDENTIFY',
      siteId: SEND_SITE,
      ContactId: 'buyer01',
      ContactEmailAddress: 'buyer01@example.com',
      ContactName: 'Bea Buyer',
      sessionId: 'buyer01',
    });
    expect(discoverEvent(login.discover[0])).toEqual({
      type: 'user',
      name: 'login',
      user_id: 'buyer01',
      value: { context: { user: { id: 'buyer01', email: 'buyer01@example.com' } } },
    });

    const line = await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 2 });
    const cart = await Cart.Get();
    const added = await received({ http: 1, send: 1, discover: 1 });
    expect(verifiedHttpEnvelope(added.http[0])).toEqual({
      Headers: { type: 'sitecore.ordercloud.messages.orders.lines.added' },
      Payload: {
        UserContext: { ID: 'buyer01', AnonymousId: null },
        Language: 'en',
        Currency: 'USD',
        Email: 'buyer01@example.com',
        OrderId: cart.ID,
        LineItem: {
          LineID: line.ID,
          Product: {
            ProductID: 'coffee-beans',
            ProductName: expect.any(String),
            ProductDescription: expect.any(String),
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
      },
    });
    const product = {
      itemCode: 'coffee-beans',
      itemName: expect.any(String),
      itemPrice: 12.5,
      itemUrl: 'https://shop.example.com/p/coffee-beans',
    };
    expect(sendRequest(added.send[0], '/track')).toEqual({
      actionType: 'ADDED_TO_ORDER',
      siteId: SEND_SITE,
      ContactId: 'buyer01',
      ContactEmailAddress: 'buyer01@example.com',
      sessionId: cart.ID,
      properties: [{ product: { ...product, itemQuantity: 2, itemTotalPrice: 25 } }],
    });
    expect(discoverEvent(added.discover[0])).toEqual({
      type: 'a2c',
      name: 'pdp',
      user_id: 'buyer01',
      value: { products: [{ sku: 'coffee-beans', price: 12.5, quantity: 2 }] },
    });

    await Cart.PatchLineItem(line.ID!, { Quantity: 5 });
    const raised = await received({ http: 1, send: 1, discover: 1 });
    expect(verifiedHttpEnvelope(raised.http[0]).Payload).toMatchObject({
      OrderId: cart.ID,
      LineItem: { Quantity: 5, LineTotal: 62.5 },
      PreviousQuantity: 2,
    });
    expect(sendRequest(raised.send[0], '/track').properties).toEqual([{ product: { ...product, itemQuantity: 3, itemTotalPrice: 37.5 } }]);
    expect(discoverEvent(raised.discover[0]).value).toEqual({ products: [{ sku: 'coffee-beans', price: 12.5, quantity: 3 }] });

    // A decrease: Send hears of it as a negative change; Discover has no event for it.
    await Cart.PatchLineItem(line.ID!, { Quantity: 1 });
    const lowered = await received({ http: 1, send: 1, discover: 0 });
    expect(verifiedHttpEnvelope(lowered.http[0]).Payload).toMatchObject({ LineItem: { Quantity: 1 }, PreviousQuantity: 5 });
    expect(sendRequest(lowered.send[0], '/track').properties).toEqual([{ product: { ...product, itemQuantity: -4, itemTotalPrice: -50 } }]);

    await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 3 });
    await received({ http: 1, send: 1, discover: 1 });
    const order = await Cart.Submit();
    const submitted = await received({ http: 1, send: 1, discover: 1 });
    const orderMessage = verifiedHttpEnvelope(submitted.http[0]);
    expect(orderMessage.Headers).toEqual({ type: 'sitecore.ordercloud.messages.orders.submitted' });
    expect(orderMessage.Payload).toMatchObject({
      UserContext: { ID: 'buyer01', AnonymousId: null },
      OrderID: order.ID,
      Currency: 'USD',
      Email: 'buyer01@example.com',
      OrderStatus: 'Open',
      OrderTotal: 36.5,
      OrderSubtotal: 36.5,
      Payments: [],
    });
    expect(
      orderMessage.Payload.LineItems.map((item: { Product: { ProductID: string }; Quantity: number; LineTotal: number }) => [
        item.Product.ProductID,
        item.Quantity,
        item.LineTotal,
      ]),
    ).toEqual([
      ['coffee-beans', 1, 12.5],
      ['mug', 3, 24],
    ]);
    expect(sendRequest(submitted.send[0], '/track')).toMatchObject({
      actionType: 'ORDER_COMPLETED',
      ContactId: 'buyer01',
      sessionId: order.ID,
      properties: [
        {
          products: [
            { ...product, itemQuantity: 1, itemTotalPrice: 12.5 },
            {
              itemCode: 'mug',
              itemName: expect.any(String),
              itemPrice: 8,
              itemQuantity: 3,
              itemTotalPrice: 24,
              itemUrl: 'https://shop.example.com/p/mug',
            },
          ],
          totalPrice: 36.5,
        },
      ],
    });
    expect(discoverEvent(submitted.discover[0])).toEqual({
      type: 'order',
      name: 'confirm',
      user_id: 'buyer01',
      value: {
        products: [
          { sku: 'coffee-beans', price: 12.5, quantity: 1 },
          { sku: 'mug', price: 8, quantity: 3 },
        ],
        checkout: { order_id: order.ID, subtotal: 36.5, total: 36.5, currency: 'USD' },
      },
    });

    // The host-defined target got every message too, in its own queue.
    const auditLog = await waitFor('the audit log', () => {
      const lines = readFileSync(join(running.config.auditLogDir, 'journeys.jsonl'), 'utf8').trim().split('\n');
      return lines.length >= 6 && lines.map((entry) => JSON.parse(entry));
    });
    expect(auditLog.map((entry: { type: string }) => entry.type.split('.').slice(-2).join('.'))).toEqual(
      expect.arrayContaining(['sessions.identified', 'lines.added', 'lines.updated', 'orders.submitted']),
    );
  });

  it('anonymous: the beacon ID of the anonymous token identifies the shopper to every target', async () => {
    const { access_token } = await Auth.Anonymous('storefront', [], [], { anonuserid: BEACON });
    Tokens.SetAccessToken(access_token);
    const line = await Cart.CreateLineItem({ ProductID: 'espresso-machine', Quantity: 1 });
    const cart = await Cart.Get();
    const added = await received({ http: 1, send: 1, discover: 1 });
    expect(verifiedHttpEnvelope(added.http[0]).Payload).toMatchObject({
      UserContext: { ID: null, AnonymousId: BEACON },
      Email: null,
      OrderId: cart.ID,
    });
    const sendBody = sendRequest(added.send[0], '/track');
    expect(sendBody).toMatchObject({ ContactId: BEACON, sessionId: cart.ID });
    expect(sendBody).not.toHaveProperty('ContactEmailAddress');
    expect(discoverEvent(added.discover[0])).toEqual({
      type: 'a2c',
      name: 'pdp',
      uuid: BEACON,
      value: { products: [{ sku: 'espresso-machine', price: 499, quantity: 1 }] },
    });

    await Cart.PatchLineItem(line.ID!, { Quantity: 2 });
    await received({ http: 1, send: 1, discover: 1 });
    await Cart.Submit();
    const submitted = await received({ http: 1, send: 1, discover: 1 });
    expect(verifiedHttpEnvelope(submitted.http[0]).Payload).toMatchObject({
      UserContext: { ID: null, AnonymousId: BEACON },
      OrderTotal: 998,
    });
    expect(discoverEvent(submitted.discover[0])).toMatchObject({ uuid: BEACON, value: { checkout: { total: 998 } } });
  });

  it('delivers once to a target that answers 500 and then 200, and does not retry one that answers 400', async () => {
    const { access_token } = await Auth.Anonymous('storefront');
    Tokens.SetAccessToken(access_token);
    standIns.http.answerOnce({ status: 500, body: 'busy' });
    standIns.send.answerWith({ status: 400, body: '{"error":"bad siteId"}' });
    await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });

    const firstTry = await received({ http: 1, send: 1, discover: 1 });
    const retry = await received({ http: 1, send: 0, discover: 0 });
    expect(retry.http[0].headers['webhook-id']).toBe(firstTry.http[0].headers['webhook-id']);
    expect(retry.http[0].body.equals(firstTry.http[0].body)).toBe(true);
    // Send's 400 stays a single attempt (afterEach checks nothing else arrives).
    await pause(400);
  });
}
