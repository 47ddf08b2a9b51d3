import { TargetNetworkPolicy } from '../network-policy';
import { ALLOW_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { createHmac } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { Webhook } from 'standardwebhooks';
import { HttpConfig } from './http-config';
import { deliveryTargetTypeOf } from '../delivery-target.decorator';
import { TargetHttpClient } from '../http-client';
import { FAILING_ANSWERS, failureOf, startLoopbackReceiver, type LoopbackReceiver } from '../loopback-receiver.fixtures';
import { deliveryRequestFor, orderSubmittedMessage, userLoggedInMessage } from '../tracking-message.fixtures';
import { HttpTarget } from './http.target';

describe('HttpTarget', () => {
  const secret = 'q7Vt2-shop-webhook-secret';
  let receiver: LoopbackReceiver;
  let moduleRef: TestingModule;
  let target: HttpTarget;
  let config: HttpConfig;

  beforeAll(async () => {
    receiver = await startLoopbackReceiver();
    moduleRef = await Test.createTestingModule({
      providers: [HttpTarget, TargetHttpClient, { provide: TargetNetworkPolicy, useValue: ALLOW_PRIVATE_NETWORKS }],
    }).compile();
    target = moduleRef.get(HttpTarget);
    config = {
      Endpoint: `${receiver.origin}/hooks/ordercloud?source=shop`,
      Secret: secret,
      CustomAuthHeaderName: 'x-functions-key',
      CustomAuthHeaderValue: 'fn-key',
    };
  });

  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answerWith({ status: 204 });
  });

  afterAll(async () => {
    await moduleRef.close();
    await receiver.close();
  });

  it('is the Http target and validates its config with HttpConfig', () => {
    expect(deliveryTargetTypeOf(HttpTarget)).toBe('Http');
    expect(target.configModel).toBe(HttpConfig);
  });

  it('POSTs the signed envelope that both OrderCloud catalyst and Standard Webhooks receivers accept', async () => {
    const message = orderSubmittedMessage();
    const before = Math.floor(Date.now() / 1000);

    const outcome = await target.deliver(deliveryRequestFor(message, config, { deliveryId: 'dlv_order_1' }));

    expect(outcome).toEqual({ status: 'delivered', httpStatus: 204 });
    const [request] = receiver.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/ordercloud?source=shop');
    expect(request.body.toString('utf8')).toBe(
      JSON.stringify({ Headers: { type: 'sitecore.ordercloud.messages.orders.submitted' }, Payload: message.Payload }),
    );
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'x-functions-key': 'fn-key', 'webhook-id': 'dlv_order_1' });
    const timestamp = Number(request.headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));

    expect(request.headers['x-oc-hash']).toBe(createHmac('sha256', secret).update(request.body).digest('base64'));
    const verified = new Webhook(Buffer.from(secret).toString('base64')).verify(request.body, request.headers as Record<string, string>);
    expect(verified).toEqual({ Headers: { type: message.Namespace }, Payload: message.Payload });
  });

  it('sends no custom auth header when none is configured', async () => {
    await target.deliver(deliveryRequestFor(userLoggedInMessage(), { Endpoint: config.Endpoint, Secret: secret }));
    expect(receiver.received[0].headers['x-functions-key']).toBeUndefined();
  });

  it('keeps webhook-id across the retries of a delivery and changes it for another delivery', async () => {
    const message = userLoggedInMessage();
    await target.deliver(deliveryRequestFor(message, config, { deliveryId: 'dlv_a', attempt: 1 }));
    await target.deliver(deliveryRequestFor(message, config, { deliveryId: 'dlv_a', attempt: 2 }));
    await target.deliver(deliveryRequestFor(message, config, { deliveryId: 'dlv_b' }));
    expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual(['dlv_a', 'dlv_a', 'dlv_b']);
  });

  it.each(FAILING_ANSWERS)('turns a %j answer into a DeliveryFailedError', async (answer, expected) => {
    receiver.answerWith(answer);
    const error = await failureOf(target.deliver(deliveryRequestFor(userLoggedInMessage(), config)));
    expect(error).toMatchObject({ ...expected, message: `Http endpoint answered ${answer.status}` });
  });
});
