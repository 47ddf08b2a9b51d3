import { JwtService } from '@nestjs/jwt';
import { Auth, Cart, LineItem, LineItems, Me, Orders, TrackingEvents } from 'ordercloud-javascript-sdk';
import type { AccessTokenClaims } from '../../sample-app/auth/token.service';
import { sdkFailure } from '../support/ordercloud-error';
import { ADMIN, BUYER, login, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';
import { bodyOf } from '../support/http';

/** The official SDK, driving the sample app's shopper API as a storefront would. */
describe.each(TEST_DATABASES)('Shopper API ($name)', (database) => {
  let running: RunningSampleApp;
  let buyer: string;

  beforeAll(async () => {
    running = await startSampleApp(database);
    useSdkAgainst(running);
    buyer = await login(BUYER);
  });

  afterAll(async () => {
    await running?.close();
  });

  const as = (accessToken: string) => ({ accessToken });
  const claimsOf = (token: string) => running.app.get(JwtService).decode<AccessTokenClaims>(token);
  const anonymousToken = async (anonuserid?: string) => (await Auth.Anonymous('storefront', [], [], { anonuserid })).access_token;

  describe('anonymous tokens', () => {
    it('are issued to a client that allows anonymous shopping, naming a new cart and a new anonymous shopper', async () => {
      const [first, second] = [claimsOf(await anonymousToken()), claimsOf(await anonymousToken())];
      expect(first).toMatchObject({ cid: 'storefront', usrtype: 'buyer', role: ['Shopper'] });
      expect(first).not.toHaveProperty('u');
      expect(first).not.toHaveProperty('usr');
      expect(first.orderid).toMatch(/^[\w-]{22}$/);
      expect(first.anonuserid).toMatch(/^[\w-]{22}$/);
      expect(second.orderid).not.toBe(first.orderid);
      expect(second.anonuserid).not.toBe(first.anonuserid);
    });

    it("carry the storefront's beacon ID as the anonymous ID", async () => {
      expect(claimsOf(await anonymousToken('3f1c9e0a7b2d4c18a5e6f7a8b9c0d1e2')).anonuserid).toBe('3f1c9e0a7b2d4c18a5e6f7a8b9c0d1e2');
    });

    it('are refused to a client that does not allow anonymous shopping, and to an unknown one', async () => {
      const prohibited = await sdkFailure(Auth.Anonymous(ADMIN.clientId));
      expect(prohibited.status).toBe(400);
      expect(prohibited.errorCode).toBe('Auth.AnonUserProhibited');
      const unknown = await sdkFailure(Auth.Anonymous('no-such-client'));
      expect(unknown.status).toBe(401);
      expect(unknown.errorCode).toBe('Auth.InvalidClientID');
    });

    it('answer the OAuth error shape', async () => {
      const response = await fetch(`${running.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=admin-portal',
      });
      expect(response.status).toBe(400);
      expect(await bodyOf(response)).toEqual({
        error: 'unauthorized_client',
        error_description: 'Client "admin-portal" does not allow anonymous shopping.',
        Errors: [{ ErrorCode: 'Auth.AnonUserProhibited', Message: 'Client "admin-portal" does not allow anonymous shopping.', Data: null }],
      });
    });

    it('never hold admin roles, whatever the scope asks for', async () => {
      const token = (await Auth.Anonymous('storefront', ['FullAccess', 'Shopper'])).access_token;
      expect(claimsOf(token).role).toEqual(['Shopper']);
      const failure = await sdkFailure(TrackingEvents.List({}, as(token)));
      expect(failure.status).toBe(403);
    });
  });

  describe('access', () => {
    it('needs a valid token: 401 InvalidToken', async () => {
      // A buyer's claims, signed with another key.
      const forged = new JwtService({ secret: 'not-the-app-secret' }).sign({
        usr: 'buyer01',
        u: 'buyer01',
        cid: 'storefront',
        usrtype: 'buyer',
        role: ['Shopper'],
      });
      for (const call of [Me.Get(as(forged)), Cart.Get(as(forged))]) {
        const failure = await sdkFailure(call);
        expect([failure.status, failure.errorCode]).toEqual([401, 'InvalidToken']);
      }
      const response = await fetch(`${running.baseUrl}/v1/me/products`);
      expect(response.status).toBe(401);
      expect((await bodyOf(response)).Errors[0].ErrorCode).toBe('InvalidToken');
    });

    it('needs the Shopper role: 403 Auth.InsufficientRoles, for admin users too', async () => {
      const admin = await login(ADMIN, ['FullAccess']);
      const failure = await sdkFailure(Cart.Get(as(admin)));
      expect(failure.status).toBe(403);
      expect(failure.errorCode).toBe('Auth.InsufficientRoles');
      expect(failure.errors[0].Data).toEqual({ SufficientRoles: ['Shopper'], AssignedRoles: ['FullAccess'] });
      expect((await sdkFailure(Me.ListProducts({}, as(await login(ADMIN, ['Shopper']))))).errorCode).toBe('Auth.InsufficientRoles');
      const noShopperRole = (await Auth.Anonymous('storefront', ['MeAdmin'])).access_token;
      expect((await sdkFailure(Me.Get(as(noShopperRole)))).errorCode).toBe('Auth.InsufficientRoles');
    });
  });

  describe('GET /me', () => {
    it("is the logged-in buyer's user", async () => {
      expect(await Me.Get(as(buyer))).toEqual({
        ID: 'buyer01',
        Username: 'buyer01',
        FirstName: 'Bea',
        LastName: 'Buyer',
        Email: 'buyer01@example.com',
        Active: true,
        AvailableRoles: ['Shopper'],
        Locale: { ID: 'en-US', Language: 'en-US', Currency: 'USD' },
      });
    });

    it('is an anonymous user, without ID, for an anonymous shopper', async () => {
      expect(await Me.Get(as(await anonymousToken()))).toEqual({
        ID: null,
        Username: null,
        FirstName: null,
        LastName: null,
        Email: null,
        Active: true,
        AvailableRoles: ['Shopper'],
        Locale: null,
      });
    });
  });

  describe('GET /me/products', () => {
    it('lists the catalog with its prices in an OrderCloud list page', async () => {
      const page = await Me.ListProducts({}, as(buyer));
      expect(page.Meta).toEqual({ Page: 1, PageSize: 20, TotalCount: 3, TotalPages: 1, ItemRange: [1, 3] });
      expect(page.Items.map((product) => [product.ID, product.PriceSchedule.PriceBreaks])).toEqual([
        ['coffee-beans', [{ Quantity: 1, Price: 12.5 }]],
        ['espresso-machine', [{ Quantity: 1, Price: 499 }]],
        ['mug', [{ Quantity: 1, Price: 8 }]],
      ]);
      expect(page.Items[2]).toMatchObject({ Name: 'Mug', Description: expect.any(String), Active: true });
    });

    it('pages, and lets anonymous shoppers browse too', async () => {
      const page = await Me.ListProducts({ page: 2, pageSize: 2 }, as(await anonymousToken()));
      expect(page.Meta).toEqual({ Page: 2, PageSize: 2, TotalCount: 3, TotalPages: 2, ItemRange: [3, 3] });
      expect(page.Items.map((product) => product.ID)).toEqual(['mug']);
      expect((await sdkFailure(Me.ListProducts({ pageSize: 101 }, as(buyer)))).errorCode).toBe('List.InvalidPageSize');
    });
  });

  describe("a buyer's cart", () => {
    it('is one unsubmitted order, created on first use, even by simultaneous first requests', async () => {
      const carts = await Promise.all(Array.from({ length: 5 }, () => Cart.Get(as(buyer))));
      expect(new Set(carts.map((cart) => cart.ID)).size).toBe(1);
      expect(carts[0]).toMatchObject({
        FromUserID: 'buyer01',
        Status: 'Unsubmitted',
        IsSubmitted: false,
        Subtotal: 0,
        Total: 0,
        Currency: 'USD',
        LineItemCount: 0,
        DateSubmitted: null,
      });
    });

    it('adds lines at the product price, one line per add, and keeps the totals exact', async () => {
      const first = await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 3, UnitPrice: 0.01 }, as(buyer));
      expect(first).toMatchObject({
        ProductID: 'coffee-beans',
        Quantity: 3,
        UnitPrice: 12.5,
        LineSubtotal: 37.5,
        LineTotal: 37.5,
        Product: { ID: 'coffee-beans', Name: 'Coffee beans', Description: expect.any(String) },
      });
      const second = await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 1 }, as(buyer));
      expect(second.ID).not.toBe(first.ID);
      await Cart.CreateLineItem({ ID: 'my-mug', ProductID: 'mug' }, as(buyer));

      const cart = await Cart.Get(as(buyer));
      expect(cart).toMatchObject({ LineItemCount: 3, Subtotal: 58, Total: 58 });
      expect(Date.parse(cart.LastUpdated)).toBeGreaterThanOrEqual(Date.parse(cart.DateCreated));
    });

    it('patches and replaces the Quantity of a line, and the totals follow', async () => {
      const patched = await Cart.PatchLineItem('my-mug', { Quantity: 4 }, as(buyer));
      expect(patched).toMatchObject({ ID: 'my-mug', Quantity: 4, UnitPrice: 8, LineSubtotal: 32, LineTotal: 32 });
      const saved = await Cart.SaveLineItem('my-mug', { ProductID: 'mug', Quantity: 3 }, as(buyer));
      expect(saved).toMatchObject({ ID: 'my-mug', Quantity: 3, LineSubtotal: 24 });
      expect(await Cart.Get(as(buyer))).toMatchObject({ LineItemCount: 3, Subtotal: 74, Total: 74 });
    });

    it.each([
      ['a Quantity of 0', () => Cart.CreateLineItem({ ProductID: 'mug', Quantity: 0 }, as(buyer)), 400, 'LineItem.QuantityMustBePositive'],
      ['a negative Quantity', () => Cart.PatchLineItem('my-mug', { Quantity: -1 }, as(buyer)), 400, 'LineItem.QuantityMustBePositive'],
      ['a fractional Quantity', () => Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1.5 }, as(buyer)), 400, 'ValidationFailure'],
      ['no ProductID', () => Cart.CreateLineItem({ Quantity: 1 } as LineItem, as(buyer)), 400, 'ValidationFailure'],
      ['an unknown product', () => Cart.CreateLineItem({ ProductID: 'teapot', Quantity: 1 }, as(buyer)), 404, 'NotFound'],
      [
        'another product for a line',
        () => Cart.PatchLineItem('my-mug', { ProductID: 'coffee-beans' }, as(buyer)),
        400,
        'LineItem.CannotChangeProductID',
      ],
      [
        'another product in a PUT',
        () => Cart.SaveLineItem('my-mug', { ProductID: 'coffee-beans', Quantity: 1 }, as(buyer)),
        400,
        'LineItem.CannotChangeProductID',
      ],
      ['an unknown line', () => Cart.PatchLineItem('no-such-line', { Quantity: 2 }, as(buyer)), 404, 'NotFound'],
      ['a line ID in use', () => Cart.CreateLineItem({ ID: 'my-mug', ProductID: 'mug' }, as(buyer)), 409, 'IdExists'],
    ])('refuses %s', async (_, call, status, errorCode) => {
      const failure = await sdkFailure(call());
      expect([failure.status, failure.errorCode]).toEqual([status, errorCode]);
      expect(await Cart.Get(as(buyer))).toMatchObject({ LineItemCount: 3, Subtotal: 74 });
    });

    it('answers a body that is not JSON in the OrderCloud shape', async () => {
      const response = await fetch(`${running.baseUrl}/v1/cart/lineitems`, {
        method: 'POST',
        headers: { authorization: `Bearer ${buyer}`, 'content-type': 'application/json' },
        body: '{"ProductID": "mug",',
      });
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors[0].ErrorCode).toBe('ValidationFailure');
    });

    it('answers 404 with the ObjectType and ID of what it did not find', async () => {
      const failure = await sdkFailure(Cart.CreateLineItem({ ProductID: 'teapot' }, as(buyer)));
      expect(failure.errors[0].Data).toEqual({ ObjectType: 'Product', ObjectID: 'teapot' });
    });

    it('is submitted once: Open, with its totals; then the buyer gets a new cart', async () => {
      const cartId = (await Cart.Get(as(buyer))).ID;
      const submitted = await Cart.Submit(as(buyer));
      expect(submitted).toMatchObject({ ID: cartId, Status: 'Open', IsSubmitted: true, Subtotal: 74, Total: 74, LineItemCount: 3 });
      expect(Date.parse(submitted.DateSubmitted)).not.toBeNaN();

      const again = await sdkFailure(Orders.Submit('Outgoing', cartId, as(buyer)));
      expect([again.status, again.errorCode]).toEqual([400, 'Order.CannotSubmitBadStatus']);
      const change = await sdkFailure(LineItems.Create('Outgoing', cartId, { ProductID: 'mug', Quantity: 1 }, as(buyer)));
      expect(change.status).toBe(400);
      expect((await Orders.Get('Outgoing', cartId, as(buyer))).Total).toBe(74);

      const next = await Cart.Get(as(buyer));
      expect(next.ID).not.toBe(cartId);
      expect(next).toMatchObject({ Status: 'Unsubmitted', LineItemCount: 0, Total: 0 });
    });

    it('cannot be submitted without lines', async () => {
      const failure = await sdkFailure(Cart.Submit(as(buyer)));
      expect([failure.status, failure.errorCode]).toEqual([400, 'Order.CannotSubmitWithNoLineItems']);
      expect((await Cart.Get(as(buyer))).IsSubmitted).toBe(false);
    });
  });

  describe('concurrent requests', () => {
    it("keep every line they add while other requests' transactions fail and roll back", async () => {
      const shoppers = await Promise.all(Array.from({ length: 4 }, () => anonymousToken()));
      // Each cart has a line whose ID the failing requests give again: they roll back after writing to the order.
      await Promise.all(shoppers.map((token) => Cart.CreateLineItem({ ID: 'taken', ProductID: 'mug' }, as(token))));
      const outcomes = await Promise.all(
        Array.from({ length: 120 }, (_, n) => {
          const token = shoppers[Math.floor(n / 2) % shoppers.length];
          return n % 2 === 0
            ? Cart.CreateLineItem({ ProductID: 'mug' }, as(token)).then(() => 'added')
            : sdkFailure(Cart.CreateLineItem({ ID: 'taken', ProductID: 'mug' }, as(token))).then((failure) => failure.errorCode);
        }),
      );

      expect(outcomes.filter((outcome) => outcome === 'added')).toHaveLength(60);
      expect(outcomes.filter((outcome) => outcome === 'IdExists')).toHaveLength(60);
      const lineCounts = await Promise.all(shoppers.map(async (token) => (await Cart.Get(as(token))).LineItemCount));
      expect(lineCounts).toEqual([16, 16, 16, 16]);
    });
  });

  describe('the orders routes', () => {
    let orderId: string;

    beforeAll(async () => {
      orderId = (await Cart.Get(as(buyer))).ID;
    });

    it('add, patch and replace lines of an order named by its ID, in any direction spelling', async () => {
      const line = await LineItems.Create('Outgoing', orderId, { ProductID: 'espresso-machine', Quantity: 1 }, as(buyer));
      expect(line).toMatchObject({ UnitPrice: 499, LineSubtotal: 499 });
      expect(await LineItems.Patch('All', orderId, line.ID, { Quantity: 2 }, as(buyer))).toMatchObject({ Quantity: 2, LineTotal: 998 });
      const response = await fetch(`${running.baseUrl}/v1/orders/outgoing/${orderId}/lineitems/${line.ID}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${buyer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ProductID: 'espresso-machine', Quantity: 3 }),
      });
      expect(response.status).toBe(200);
      expect(await bodyOf(response)).toMatchObject({ Quantity: 3, LineSubtotal: 1497 });
      expect(await LineItems.Save('Outgoing', orderId, line.ID, { ProductID: 'espresso-machine' }, as(buyer))).toMatchObject({
        Quantity: 1,
        LineSubtotal: 499,
      });
      expect(await Cart.Get(as(buyer))).toMatchObject({ ID: orderId, LineItemCount: 1, Subtotal: 499, Total: 499 });
    });

    it('submit an order', async () => {
      expect(await Orders.Submit('Outgoing', orderId, as(buyer))).toMatchObject({ ID: orderId, Status: 'Open', Total: 499 });
    });

    it('find no incoming orders for a buyer, and refuse an unknown direction', async () => {
      const incoming = await sdkFailure(LineItems.Create('Incoming', orderId, { ProductID: 'mug' }, as(buyer)));
      expect([incoming.status, incoming.errorCode]).toEqual([404, 'NotFound']);
      const sideways = await sdkFailure(Orders.Submit('Sideways' as 'All', orderId, as(buyer)));
      expect([sideways.status, sideways.errorCode]).toEqual([400, 'ValidationFailure']);
    });
  });

  describe('ownership', () => {
    let buyerOrderId: string;
    let buyerLineId: string;
    let anonymous: string;

    beforeAll(async () => {
      buyerOrderId = (await Cart.Get(as(buyer))).ID;
      buyerLineId = (await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 }, as(buyer))).ID;
      anonymous = await anonymousToken();
    });

    it.each([
      ['read', () => Orders.Get('Outgoing', buyerOrderId, as(anonymous))],
      ['add a line to', () => LineItems.Create('Outgoing', buyerOrderId, { ProductID: 'mug' }, as(anonymous))],
      ['patch a line of', () => LineItems.Patch('Outgoing', buyerOrderId, buyerLineId, { Quantity: 9 }, as(anonymous))],
      ['replace a line of', () => LineItems.Save('All', buyerOrderId, buyerLineId, { ProductID: 'mug', Quantity: 9 }, as(anonymous))],
      ['submit', () => Orders.Submit('Outgoing', buyerOrderId, as(anonymous))],
    ])("cannot %s someone else's order: 404 NotFound", async (_, call) => {
      const failure = await sdkFailure(call());
      expect([failure.status, failure.errorCode]).toEqual([404, 'NotFound']);
      expect(failure.errors[0].Data).toEqual({ ObjectType: 'Order', ObjectID: buyerOrderId });
      expect(await Cart.Get(as(buyer))).toMatchObject({ ID: buyerOrderId, Status: 'Unsubmitted', LineItemCount: 1, Total: 8 });
    });

    it("keeps a buyer out of an anonymous shopper's order", async () => {
      const anonymousCartId = (await Cart.Get(as(anonymous))).ID;
      const failure = await sdkFailure(LineItems.Create('Outgoing', anonymousCartId, { ProductID: 'mug' }, as(buyer)));
      expect([failure.status, failure.errorCode]).toEqual([404, 'NotFound']);
    });
  });

  describe("an anonymous shopper's cart", () => {
    it('is the order its token names, without a user, and is shopped and submitted like any cart', async () => {
      const token = await anonymousToken();
      const { orderid } = claimsOf(token);
      expect(await Cart.Get(as(token))).toMatchObject({ ID: orderid, FromUserID: null, Status: 'Unsubmitted', LineItemCount: 0 });

      const line = await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 3 }, as(token));
      expect(line.LineSubtotal).toBe(37.5);
      await LineItems.Patch('Outgoing', orderid!, line.ID, { Quantity: 2 }, as(token));
      await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 }, as(token));
      expect(await Cart.Get(as(token))).toMatchObject({ ID: orderid, LineItemCount: 2, Subtotal: 33, Total: 33 });

      expect(await Cart.Submit(as(token))).toMatchObject({ ID: orderid, FromUserID: null, Status: 'Open', IsSubmitted: true, Total: 33 });
      // The token's cart stays the submitted order; a new anonymous token starts a new cart.
      expect(await Cart.Get(as(token))).toMatchObject({ ID: orderid, IsSubmitted: true });
      expect((await sdkFailure(Cart.CreateLineItem({ ProductID: 'mug' }, as(token)))).status).toBe(400);
      expect((await Cart.Get(as(await anonymousToken()))).ID).not.toBe(orderid);
    });

    it('is kept apart from the carts of other anonymous shoppers', async () => {
      const [first, second] = [await anonymousToken(), await anonymousToken()];
      await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 2 }, as(first));
      expect(await Cart.Get(as(second))).toMatchObject({ LineItemCount: 0, Total: 0 });
      const failure = await sdkFailure(Orders.Submit('Outgoing', claimsOf(first).orderid!, as(second)));
      expect(failure.errorCode).toBe('NotFound');
    });
  });
});
