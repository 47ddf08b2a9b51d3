import { Auth, Cart, Tokens } from 'ordercloud-javascript-sdk';
import { createHmac } from 'node:crypto';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { BUYER, RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { configureDeliveryTo, deadLetterFor } from '../support/target-journey';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const SECRET = 'sender-secret';

/** The MessageSender target, configured through the official SDK, on a shopper journey. */
describe.each(TEST_DATABASES)('MessageSender deliveries ($name)', (database) => {
  let running: RunningSampleApp;
  let receiver: LoopbackReceiver;
  const envelopes = () =>
    receiver.received.map((request) => {
      expect(request.headers['x-oc-hash']).toBe(createHmac('sha256', SECRET).update(request.body).digest('base64'));
      return { id: request.headers['webhook-id'], status: request.answeredStatus, ...JSON.parse(request.body.toString('utf8')) };
    });

  beforeAll(async () => {
    receiver = await startLoopbackReceiver();
    running = await startSampleApp(database);
    await configureDeliveryTo(running, 'sender', { MessageSender: { Endpoint: `${receiver.origin}/sender`, Secret: SECRET } }, [SECRET]);
  });

  afterAll(async () => {
    await running?.close();
    await receiver?.close();
  });

  it('delivers a journey signed, one message per event, a retried one under the same delivery ID', async () => {
    Tokens.SetAccessToken((await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper'])).access_token);
    await waitFor('the login', () => receiver.received.length === 1);
    receiver.answerWith({ status: 503, body: 'busy' });
    const line = await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 2 });
    await waitFor('the refused add', () => receiver.received.length === 2);
    receiver.answerWith({ status: 200 });
    await waitFor('the retried add', () => receiver.received.length === 3);
    await Cart.PatchLineItem(line.ID!, { Quantity: 3 });
    await waitFor('the update', () => receiver.received.length === 4);
    await Cart.Submit();
    await waitFor('the submit', () => receiver.received.length === 5);

    const [login, refused, retried, updated, submitted] = envelopes();
    expect([login, retried, updated, submitted].map((envelope) => envelope.Headers.type)).toEqual([
      'sitecore.ordercloud.messages.sessions.identified',
      'sitecore.ordercloud.messages.orders.lines.added',
      'sitecore.ordercloud.messages.orders.lines.updated',
      'sitecore.ordercloud.messages.orders.submitted',
    ]);
    expect(refused).toMatchObject({ status: 503, id: retried.id });
    expect(retried.Payload.LineItem).toMatchObject({ Quantity: 2, Product: { ProductID: 'coffee-beans' } });
    expect(submitted.Payload).toMatchObject({ OrderID: retried.Payload.OrderId, LineItems: [expect.objectContaining({ Quantity: 3 })] });
  });

  it('makes a refusal of the credentials a dead letter at once, with the reason', async () => {
    receiver.received.length = 0;
    receiver.answerWith({ status: 401, body: 'bad signature' });
    const line = await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });
    await waitFor('the refused add', () => receiver.received.length === 1);
    const letter = await deadLetterFor(running, 'MessageSender', line.ID!);
    expect(letter.LastError).toMatch(/MessageSender endpoint answered 401: bad signature/);
    expect(receiver.received).toHaveLength(1);
  });
});
