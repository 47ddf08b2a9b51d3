import { JwtService } from '@nestjs/jwt';
import { Auth, Cart, DeliveryConfigurations, Me, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../sample-app/auth/token.service';
import { IdentityLinksService, UserErasureService } from '../../src';
import { bodyOf } from '../support/http';
import { sdkFailure } from '../support/ordercloud-error';
import { BUYER, loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { discoverEvent, sendRequest, StandIns, startStandIns, verifiedHttpEnvelope } from '../support/stand-ins';
import { TEST_DATABASES } from '../support/test-databases';
import { pause } from '../support/wait-for';

const BEACON = '5b1d8e2f9a0c4b7d8e6f1a2b3c4d5e6f';

/**
 * An anonymous shopper with the storefront's beacon ID adds to a cart, logs in, and the storefront
 * calls TransferAnonUserOrder: the targets learn that the beacon is this user, and the order started
 * anonymously reaches them under the same contact.
 */
describe.each(TEST_DATABASES)('Anonymous shoppers and identity stitching ($name)', (database) => {
  let running: RunningSampleApp;
  let standIns: StandIns;

  beforeAll(async () => {
    standIns = await startStandIns();
    running = await startSampleApp(database);
    useSdkAgainst(running);
    await loginAsAdmin();
    await DeliveryConfigurations.Create({ ID: 'tracking', Name: 'Tracking', DeliveryTargets: standIns.deliveryTargets() as never });
    for (const type of ['UserLoggedIn', 'LineItemAdded', 'LineItemUpdated', 'OrderSubmitted'] as const) {
      await TrackingEvents.Create({ EventType: type, ClientID: 'storefront', Name: type, DeliveryConfigID: 'tracking' });
    }
    Tokens.RemoveAccessToken();
  });

  afterEach(async () => {
    await pause(150);
    expect(standIns.unaccounted()).toEqual({ http: 0, send: 0, discover: 0 });
  });

  afterAll(async () => {
    await running?.close();
    await standIns?.close();
  });

  const anonymousToken = async (anonuserid?: string) =>
    (await Auth.Anonymous('storefront', [], [], anonuserid ? { anonuserid } : undefined)).access_token;
  const transfer = async (anonUserToken: string, userToken: string) =>
    Me.TransferAnonUserOrder({ anonUserToken }, { accessToken: userToken });

  it('stitches the beacon to the user and keeps it on the order the shopper began anonymously', async () => {
    const anonymous = await anonymousToken(BEACON);
    Tokens.SetAccessToken(anonymous);
    const beans = await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 1 });
    await Cart.PatchLineItem(beans.ID!, { Quantity: 2 });
    const anonymousCart = await Cart.Get();
    const anonymousEvents = await standIns.received({ http: 2, send: 2, discover: 2 });
    for (const request of anonymousEvents.http)
      expect(verifiedHttpEnvelope(request).Payload.UserContext).toEqual({ ID: null, AnonymousId: BEACON });
    for (const request of anonymousEvents.send) expect(sendRequest(request, '/track').ContactId).toBe(BEACON);
    for (const request of anonymousEvents.discover) expect(discoverEvent(request)).toMatchObject({ uuid: BEACON });

    const { access_token: user } = await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper']);
    await standIns.received({ http: 1, send: 1, discover: 1 }); // the login itself

    await transfer(anonymous, user);
    const stitch = await standIns.received({ http: 1, send: 1, discover: 1 });
    expect(verifiedHttpEnvelope(stitch.http[0])).toEqual({
      Headers: { type: 'sitecore.ordercloud.messages.sessions.identified' },
      Payload: {
        UserContext: { ID: 'buyer01', AnonymousId: BEACON },
        Language: 'en',
        Currency: 'USD',
        Email: 'buyer01@example.com',
        FirstName: 'Bea',
        LastName: 'Buyer',
      },
    });
    expect(sendRequest(stitch.send[0], '/identify')).toEqual({
      actionType: 'IDENTIFY',
      siteId: expect.any(String),
      ContactId: BEACON,
      ContactEmailAddress: 'buyer01@example.com',
      ContactName: 'Bea Buyer',
      sessionId: BEACON,
    });
    expect(discoverEvent(stitch.discover[0])).toEqual({
      type: 'user',
      name: 'login',
      uuid: BEACON,
      user_id: 'buyer01',
      value: { context: { user: { id: 'buyer01', email: 'buyer01@example.com' } } },
    });

    // The anonymous cart is now the user's cart.
    Tokens.SetAccessToken(user);
    const cart = await Cart.Get();
    expect(cart).toMatchObject({ ID: anonymousCart.ID, FromUserID: 'buyer01', LineItemCount: 1, Total: 25 });

    await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });
    const later = await standIns.received({ http: 1, send: 1, discover: 1 });
    expect(verifiedHttpEnvelope(later.http[0]).Payload.UserContext).toEqual({ ID: 'buyer01', AnonymousId: BEACON });
    expect(sendRequest(later.send[0], '/track')).toMatchObject({ ContactId: BEACON, ContactEmailAddress: 'buyer01@example.com' });
    expect(discoverEvent(later.discover[0])).toMatchObject({ uuid: BEACON, user_id: 'buyer01' });

    const order = await Cart.Submit();
    const submitted = await standIns.received({ http: 1, send: 1, discover: 1 });
    const orderMessage = verifiedHttpEnvelope(submitted.http[0]).Payload;
    expect(orderMessage).toMatchObject({ UserContext: { ID: 'buyer01', AnonymousId: BEACON }, OrderID: anonymousCart.ID, OrderTotal: 33 });
    expect(order.ID).toBe(anonymousCart.ID);
    expect(orderMessage.LineItems.map((line: { LineID: string; Quantity: number }) => [line.LineID, line.Quantity])).toEqual([
      [beans.ID, 2],
      [expect.any(String), 1],
    ]);
    expect(sendRequest(submitted.send[0], '/track')).toMatchObject({
      actionType: 'ORDER_COMPLETED',
      ContactId: BEACON,
      sessionId: anonymousCart.ID,
    });
    expect(discoverEvent(submitted.discover[0])).toMatchObject({ type: 'order', uuid: BEACON, user_id: 'buyer01' });

    // Transferring the same token again changes nothing and sends nothing.
    await transfer(anonymous, user);
    expect(await Cart.Get()).not.toMatchObject({ ID: anonymousCart.ID });
    expect(await running.app.get(IdentityLinksService).linksOf('buyer01')).toHaveLength(1);
  });

  it('gives an anonymous shopper without a beacon a generated ID of their own, and moves the lines of a cart the user already had', async () => {
    const { access_token: user } = await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper']);
    await standIns.received({ http: 1, send: 1, discover: 1 });
    await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 3 }, { accessToken: user });
    await standIns.received({ http: 1, send: 1, discover: 1 });

    const anonymous = await anonymousToken();
    await Cart.CreateLineItem({ ProductID: 'espresso-machine', Quantity: 1 }, { accessToken: anonymous });
    const added = await standIns.received({ http: 1, send: 1, discover: 1 });
    const generatedId = verifiedHttpEnvelope(added.http[0]).Payload.UserContext.AnonymousId;
    expect(generatedId).toMatch(/^[\w-]{22}$/);
    expect(sendRequest(added.send[0], '/track').ContactId).toBe(generatedId);
    expect(discoverEvent(added.discover[0]).uuid).toBe(generatedId);

    await transfer(anonymous, user);
    const stitch = await standIns.received({ http: 1, send: 1, discover: 1 });
    expect(verifiedHttpEnvelope(stitch.http[0]).Payload.UserContext).toEqual({ ID: 'buyer01', AnonymousId: generatedId });
    const cart = await Cart.Get({ accessToken: user });
    expect(cart).toMatchObject({ LineItemCount: 2, Total: 523 });
    // The user's current anonymous ID is now the latest one.
    expect((await running.app.get(IdentityLinksService).linksOf('buyer01')).map((link) => link.anonymousId)[0]).toBe(generatedId);
  });

  describe('tokens TransferAnonUserOrder refuses', () => {
    let user: string;
    beforeAll(async () => {
      user = (await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper'])).access_token;
      await standIns.received({ http: 1, send: 1, discover: 1 });
    });

    it.each([
      ['a logged-in buyer token', async () => user],
      ['garbage', async () => 'not-a-token'],
      [
        'an expired anonymous token',
        async () =>
          running.app
            .get(JwtService)
            .sign(
              { cid: 'storefront', usrtype: 'buyer', role: ['Shopper'], orderid: 'o1', anonuserid: 'a1' },
              { expiresIn: -60, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
            ),
      ],
      ['nothing', async () => ''],
    ])('answers 400 Auth.MustPassAnonUserToken to %s', async (_, token) => {
      const failure = await sdkFailure(transfer(await token(), user));
      expect(failure.status).toBe(400);
      expect(failure.errorCode).toBe('Auth.MustPassAnonUserToken');
    });

    it('takes the token from a JSON body too, as the product docs describe', async () => {
      const anonymous = await anonymousToken('beacon-in-body');
      const response = await fetch(`${running.baseUrl}/v1/me/orders`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${user}`, 'content-type': 'application/json' },
        body: JSON.stringify({ anonUserToken: anonymous }),
      });
      expect(response.status).toBe(204);
      const stitch = await standIns.received({ http: 1, send: 1, discover: 1 });
      expect(verifiedHttpEnvelope(stitch.http[0]).Payload.UserContext).toEqual({ ID: 'buyer01', AnonymousId: 'beacon-in-body' });
    });

    it('refuses an anonymous caller', async () => {
      const failure = await sdkFailure(transfer(await anonymousToken(), await anonymousToken()));
      expect(failure.status).toBe(403);
      expect(failure.errorCode).toBe('Auth.AnonUserProhibited');
    });
  });

  it('refuses a malformed beacon ID with a 400 and issues no token', async () => {
    for (const anonuserid of ['has spaces', 'x'.repeat(101), '<script>']) {
      const response = await fetch(`${running.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'storefront', anonuserid }),
      });
      expect(response.status).toBe(400);
      const body = await bodyOf(response);
      expect(body.access_token).toBeUndefined();
      expect(body.Errors[0]).toMatchObject({ ErrorCode: 'ValidationFailure' });
    }
  });

  it('forgets every link of a user on request, and later events carry no anonymous ID', async () => {
    const links = running.app.get(IdentityLinksService);
    expect((await running.app.get(UserErasureService).forgetUser('buyer01')).IdentityLinks).toBeGreaterThan(0);
    expect(await links.linksOf('buyer01')).toEqual([]);
    const { access_token: user } = await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper']);
    const login = await standIns.received({ http: 1, send: 1, discover: 1 });
    expect(verifiedHttpEnvelope(login.http[0]).Payload.UserContext).toEqual({ ID: 'buyer01', AnonymousId: null });
    expect(user).toBeTruthy();
  });
});
