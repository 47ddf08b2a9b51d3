import { createHmac } from 'node:crypto';
import { Auth, Cart, DeliveryConfigurations, Tokens } from 'ordercloud-javascript-sdk';
import { startLoopbackReceiver, type LoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { sdkFailure } from '../support/ordercloud-error';
import { BUYER, loginAsAdmin, type RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { configureDeliveryTo } from '../support/target-journey';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const FIRST_SECRET = 'secret-saved-for-a';
const SECOND_SECRET = 'secret-saved-for-b';

/** A stored secret goes only to the destination it was saved with: moving a target means giving its secrets again. */
describe.each(TEST_DATABASES)('Secrets and their destinations ($name)', (database) => {
  let running: RunningSampleApp;
  let first: LoopbackReceiver;
  let second: LoopbackReceiver;
  const signedWith = (secret: string, receiver: LoopbackReceiver) =>
    receiver.received.every(
      (request) => request.headers['x-oc-hash'] === createHmac('sha256', secret).update(request.body).digest('base64'),
    );
  const addLine = async () => {
    Tokens.SetAccessToken((await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper'])).access_token);
    await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });
    await loginAsAdmin();
  };

  beforeAll(async () => {
    [first, second] = await Promise.all([startLoopbackReceiver(), startLoopbackReceiver()]);
    running = await startSampleApp(database);
    await configureDeliveryTo(running, 'moving', {
      Http: { Endpoint: `${first.origin}/hooks`, Secret: FIRST_SECRET },
      DiscoverEvent: { ClientID: 'ck-1', ApiKey: 'discover-key', ServiceEndpoint: first.origin },
    });
  });

  afterAll(async () => {
    await running?.close();
    await Promise.all([first?.close(), second?.close()]);
  });

  it('refuses a PATCH or a PUT that sends a target elsewhere with its stored secrets, and keeps the config as it was', async () => {
    const patch = await sdkFailure(
      DeliveryConfigurations.Patch('moving', { DeliveryTargets: { Http: { Endpoint: `${second.origin}/hooks` } } as never }),
    );
    expect(patch.status).toBe(400);
    expect(patch.errors).toEqual([
      {
        ErrorCode: 'ValidationFailure',
        Message:
          'DeliveryTargets.Http.Secret must be given again: the request sends Http to another destination (Endpoint), ' +
          'and a stored secret is never sent to a host it was not saved for.',
        Data: { Property: 'DeliveryTargets.Http.Secret' },
      },
    ]);
    const put = await sdkFailure(
      DeliveryConfigurations.Save('moving', {
        Name: 'moving',
        DeliveryTargets: {
          Http: { Endpoint: `${first.origin}/hooks` },
          DiscoverEvent: { ClientID: 'ck-1', ServiceEndpoint: second.origin },
        } as never,
      }),
    );
    expect(put.errors.map((error) => (error.Data as { Property: string }).Property)).toEqual(['DeliveryTargets.DiscoverEvent.ApiKey']);
    expect(await DeliveryConfigurations.Get('moving')).toMatchObject({
      DeliveryTargets: { Http: { Endpoint: `${first.origin}/hooks` }, DiscoverEvent: { ServiceEndpoint: first.origin } },
    });
  });

  it('moves a target whose secrets are restated; the old secret never reaches the new host', async () => {
    await addLine();
    await waitFor('the first delivery', () => first.received.some((request) => request.path === '/hooks'));
    await DeliveryConfigurations.Patch('moving', {
      DeliveryTargets: { Http: { Endpoint: `${second.origin}/hooks`, Secret: SECOND_SECRET }, DiscoverEvent: null } as never,
    });
    await addLine();
    await waitFor('the delivery to the new host', () => second.received.length > 0);
    expect(second.received.every((request) => request.path === '/hooks')).toBe(true);
    expect(signedWith(SECOND_SECRET, second)).toBe(true);
    expect(signedWith(FIRST_SECRET, second)).toBe(false);
    expect(JSON.stringify(second.received.map((request) => request.headers))).not.toContain('discover-key');
  });
});
