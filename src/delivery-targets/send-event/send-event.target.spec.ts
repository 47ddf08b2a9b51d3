import { TargetNetworkPolicy } from '../network-policy';
import { ALLOW_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { Test, type TestingModule } from '@nestjs/testing';
import { SendEventConfig } from './send-event-config';
import { deliveryTargetTypeOf } from '../delivery-target.decorator';
import { TargetHttpClient } from '../http-client';
import { FAILING_ANSWERS, failureOf, startLoopbackReceiver, type LoopbackReceiver } from '../loopback-receiver.fixtures';
import {
  SHOPPER,
  deliveryRequestFor,
  lineItemAddedMessage,
  lineItemUpdatedMessage,
  userLoggedInMessage,
} from '../tracking-message.fixtures';
import { SendEventTarget } from './send-event.target';

describe('SendEventTarget', () => {
  const configData = { ProductUrlTemplate: 'https://shop.example.com/p/{ProductID}' };
  let receiver: LoopbackReceiver;
  let moduleRef: TestingModule;
  let target: SendEventTarget;
  let config: SendEventConfig;

  beforeAll(async () => {
    receiver = await startLoopbackReceiver();
    moduleRef = await Test.createTestingModule({
      providers: [SendEventTarget, TargetHttpClient, { provide: TargetNetworkPolicy, useValue: ALLOW_PRIVATE_NETWORKS }],
    }).compile();
    target = moduleRef.get(SendEventTarget);
    // A trailing slash, as operators often paste it.
    config = { SiteID: '3f0e7d52-1b9a-4c6e-8d2f-5a4b3c2d1e0f', ServiceEndpoint: `${receiver.origin}/` };
  });

  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answerWith({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"Code":0}' });
  });

  afterAll(async () => {
    await moduleRef.close();
    await receiver.close();
  });

  it('is the SendEvent target and validates its config with SendEventConfig', () => {
    expect(deliveryTargetTypeOf(SendEventTarget)).toBe('SendEvent');
    expect(target.configModel).toBe(SendEventConfig);
  });

  it('POSTs a login to /identify as JSON, with no API key', async () => {
    const outcome = await target.deliver(deliveryRequestFor(userLoggedInMessage(), config));

    expect(outcome).toEqual({ status: 'delivered', httpStatus: 200 });
    const [request] = receiver.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/identify');
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body.toString('utf8')).toBe(
      JSON.stringify({
        actionType: 'IDENTIFY',
        siteId: config.SiteID,
        ContactId: SHOPPER.anonymousId,
        ContactEmailAddress: SHOPPER.email,
        sessionId: SHOPPER.anonymousId,
        ContactName: 'Jane Doe',
      }),
    );
  });

  it('POSTs an added line to /track with the TrackingEvent’s product URL', async () => {
    await target.deliver(deliveryRequestFor(lineItemAddedMessage(), config, { configData }));

    const [request] = receiver.received;
    expect(request.path).toBe('/track');
    expect(JSON.parse(request.body.toString('utf8'))).toEqual({
      siteId: config.SiteID,
      actionType: 'ADDED_TO_ORDER',
      ContactId: SHOPPER.anonymousId,
      sessionId: SHOPPER.orderId,
      properties: [
        {
          product: {
            itemCode: 'trail-runner-2',
            itemName: 'Trail Runner 2',
            itemPrice: 89.99,
            itemQuantity: 2,
            itemTotalPrice: 179.98,
            itemUrl: 'https://shop.example.com/p/trail-runner-2',
          },
        },
      ],
    });
  });

  it('records an update that changed nothing as skipped, without calling Send', async () => {
    const outcome = await target.deliver(deliveryRequestFor(lineItemUpdatedMessage({ PreviousQuantity: 3 }), config));
    expect(outcome).toEqual({ status: 'skipped', reason: 'The quantity did not change: nothing to tell Sitecore Send' });
    expect(receiver.received).toHaveLength(0);
  });

  it.each(FAILING_ANSWERS)('turns a %j answer into a DeliveryFailedError', async (answer, expected) => {
    receiver.answerWith(answer);
    const error = await failureOf(target.deliver(deliveryRequestFor(userLoggedInMessage(), config)));
    expect(error).toMatchObject({ ...expected, message: `Sitecore Send answered ${answer.status}` });
  });
});
