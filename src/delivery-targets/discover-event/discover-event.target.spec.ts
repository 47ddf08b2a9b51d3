import { TargetNetworkPolicy } from '../network-policy';
import { ALLOW_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { Test, type TestingModule } from '@nestjs/testing';
import { DiscoverEventConfig } from './discover-event-config';
import { deliveryTargetTypeOf } from '../delivery-target.decorator';
import { TargetHttpClient } from '../http-client';
import { FAILING_ANSWERS, failureOf, startLoopbackReceiver, type LoopbackReceiver } from '../loopback-receiver.fixtures';
import { SHOPPER, deliveryRequestFor, lineItemUpdatedMessage, orderSubmittedMessage, trailShoesLine } from '../tracking-message.fixtures';
import { DiscoverEventTarget } from './discover-event.target';

describe('DiscoverEventTarget', () => {
  let receiver: LoopbackReceiver;
  let moduleRef: TestingModule;
  let target: DiscoverEventTarget;
  let config: DiscoverEventConfig;

  beforeAll(async () => {
    receiver = await startLoopbackReceiver();
    moduleRef = await Test.createTestingModule({
      providers: [DiscoverEventTarget, TargetHttpClient, { provide: TargetNetworkPolicy, useValue: ALLOW_PRIVATE_NETWORKS }],
    }).compile();
    target = moduleRef.get(DiscoverEventTarget);
    config = { ClientID: '170434200-bv', ApiKey: '01-847028a3-5c2a1e0b9d8f7a6c', ServiceEndpoint: receiver.origin };
  });

  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answerWith({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' });
  });

  afterAll(async () => {
    await moduleRef.close();
    await receiver.close();
  });

  it('is the DiscoverEvent target and validates its config with DiscoverEventConfig', () => {
    expect(deliveryTargetTypeOf(DiscoverEventTarget)).toBe('DiscoverEvent');
    expect(target.configModel).toBe(DiscoverEventConfig);
  });

  it('POSTs order:confirm to the customer’s publish URL with the raw API key', async () => {
    const outcome = await target.deliver(
      deliveryRequestFor(orderSubmittedMessage(), config, { configData: { DiscoverAddToCartPage: 'cart' } }),
    );

    expect(outcome).toEqual({ status: 'delivered', httpStatus: 200 });
    const [request] = receiver.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/event/170434200-bv/v4/publish');
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', authorization: '01-847028a3-5c2a1e0b9d8f7a6c' });
    expect(request.body.toString('utf8')).toBe(
      JSON.stringify({
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
      }),
    );
  });

  it('records a quantity decrease as skipped, not failed, without calling Discover', async () => {
    const decrease = lineItemUpdatedMessage({ LineItem: trailShoesLine({ Quantity: 1 }), PreviousQuantity: 3 });
    const outcome = await target.deliver(deliveryRequestFor(decrease, config));
    expect(outcome).toEqual({ status: 'skipped', reason: 'A quantity decrease has no Sitecore Discover event' });
    expect(receiver.received).toHaveLength(0);
  });

  it.each(FAILING_ANSWERS)('turns a %j answer into a DeliveryFailedError', async (answer, expected) => {
    receiver.answerWith(answer);
    const error = await failureOf(target.deliver(deliveryRequestFor(orderSubmittedMessage(), config)));
    expect(error).toMatchObject({ ...expected, message: `Sitecore Discover answered ${answer.status}` });
  });
});
