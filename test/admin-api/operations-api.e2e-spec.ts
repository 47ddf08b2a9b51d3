import { Cart, DeliveryConfigurations, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { bodyOf } from '../support/http';
import { ADMIN, BUYER, login, loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

/** The operations endpoints over HTTP: dead letters, the delivery log, paused targets. */
describe.each(TEST_DATABASES)('Operations admin API ($name)', (database) => {
  let running: RunningSampleApp;
  let receiver: LoopbackReceiver;
  let admin: string;

  const call = (method: string, path: string, token = admin) =>
    fetch(`${running.baseUrl}/v1/integrations${path}`, { method, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    receiver = await startLoopbackReceiver();
    running = await startSampleApp(database);
    useSdkAgainst(running);
    admin = await loginAsAdmin();
    await DeliveryConfigurations.Create({
      ID: 'hook',
      Name: 'Hook',
      DeliveryTargets: { Http: { Endpoint: `${receiver.origin}/in`, Secret: 's' } },
    });
    await TrackingEvents.Create({ EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'hook' });
    Tokens.RemoveAccessToken();
  });

  afterAll(async () => {
    await running?.close();
    await receiver?.close();
  });

  it('shows, replays and deletes dead letters, and answers the support question from the delivery log', async () => {
    receiver.answerWith({ status: 422, body: '{"error":"unprocessable"}' });
    const buyer = await login(BUYER);
    await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 }, { accessToken: buyer });
    const cart = await Cart.Get({ accessToken: buyer });

    const list = await waitFor('the dead letter', async () => {
      const page = await bodyOf(await call('GET', `/deadletters?OrderID=${cart.ID}`));
      return page.Meta?.TotalCount === 1 && page;
    });
    const [letter] = list.Items;
    expect(letter).toMatchObject({ OrderID: cart.ID, TargetType: 'Http', DeliveryConfigID: 'hook', EventType: 'LineItemAdded' });
    expect(letter.Attempts).toHaveLength(1);
    expect(await bodyOf(await call('GET', `/DeadLetters/${letter.ID}`))).toEqual(letter);

    receiver.answerWith({ status: 200, body: '{}' });
    const replay = await call('POST', `/deadletters/${letter.ID}/replay`);
    expect(replay.status).toBe(202);
    await waitFor('the replayed delivery', () => receiver.received.length === 2);
    expect(receiver.received[1].headers['webhook-id']).toBe(letter.ID);

    const attempts = await waitFor('the log of both attempts', async () => {
      const page = await bodyOf(await call('GET', `/deliveryattempts?OrderID=${cart.ID}&TargetType=Http&sortBy=AttemptedAt`));
      return page.Meta?.TotalCount === 2 && page.Items;
    });
    expect(attempts.map((entry: { Outcome: string; HttpStatus: number }) => [entry.Outcome, entry.HttpStatus])).toEqual([
      ['Failed', 422],
      ['Delivered', 200],
    ]);

    const gone = await waitFor(
      'the letter to be resolved',
      async () => (await call('GET', `/deadletters/${letter.ID}`)).status === 404 || undefined,
    );
    expect(gone).toBe(true);
  });

  it('deletes a dead letter, and answers NotFound for one that does not exist', async () => {
    receiver.answerWith({ status: 400, body: 'no' });
    const buyer = await login(BUYER);
    await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 1 }, { accessToken: buyer });
    const cart = await Cart.Get({ accessToken: buyer });
    const letter = await waitFor(
      'a dead letter',
      async () => (await bodyOf(await call('GET', `/deadletters?OrderID=${cart.ID}`))).Items[0],
    );
    expect((await call('DELETE', `/deadletters/${letter.ID}`)).status).toBe(204);
    const missing = await call('DELETE', `/deadletters/${letter.ID}`);
    expect(missing.status).toBe(404);
    expect((await bodyOf(missing)).Errors[0]).toMatchObject({
      ErrorCode: 'NotFound',
      Data: { ObjectType: 'DeadLetter', ObjectID: letter.ID },
    });
    expect((await call('POST', '/deadletters/nope/replay')).status).toBe(404);
  });

  it('lists paused targets', async () => {
    const page = await bodyOf(await call('GET', '/deliverycircuits'));
    expect(page).toMatchObject({ Meta: { TotalCount: expect.any(Number) }, Items: expect.any(Array) });
    expect((await call('DELETE', '/deliverycircuits/hook/Http')).status).toBe(404);
  });

  it('uses the OrderCloud list conventions and errors', async () => {
    expect((await bodyOf(await call('GET', '/deadletters?Colour=red'))).Errors[0].ErrorCode).toBe('List.InvalidProperty');
    expect((await bodyOf(await call('GET', '/deliveryattempts?AttemptedAt=yesterday'))).Errors[0].ErrorCode).toBe('List.InvalidType');
    expect((await bodyOf(await call('GET', '/deliveryattempts?pageSize=500'))).Errors[0].ErrorCode).toBe('List.InvalidPageSize');
  });

  it('needs FullAccess or DeliveryConfigAdmin', async () => {
    const reader = await login(ADMIN, ['TrackingEventReader']);
    for (const path of ['/deadletters', '/deliveryattempts', '/deliverycircuits']) {
      const response = await call('GET', path, reader);
      expect(response.status).toBe(403);
      expect((await bodyOf(response)).Errors[0].ErrorCode).toBe('Auth.InsufficientRoles');
    }
    expect((await call('GET', '/deadletters', 'garbage')).status).toBe(401);
    const configAdmin = await login(ADMIN, ['DeliveryConfigAdmin']);
    expect((await call('GET', '/deliveryattempts', configAdmin)).status).toBe(200);
  });
});
