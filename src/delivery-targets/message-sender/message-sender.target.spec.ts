import { TargetNetworkPolicy } from '../network-policy';
import { ALLOW_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { Test, type TestingModule } from '@nestjs/testing';
import { createHmac } from 'node:crypto';
import { validateModel } from '../../common/validation';
import { deliveryTargetTypeOf } from '../delivery-target.decorator';
import { TargetHttpClient } from '../http-client';
import { FAILING_ANSWERS, failureOf, startLoopbackReceiver, type LoopbackReceiver } from '../loopback-receiver.fixtures';
import { deliveryRequestFor, lineItemAddedMessage } from '../tracking-message.fixtures';
import { writeOnlyPropertiesOf } from '../write-only.decorator';
import { MessageSenderConfig } from './message-sender-config';
import { MessageSenderTarget } from './message-sender.target';

describe('MessageSenderTarget', () => {
  const secret = 'sender-secret';
  let receiver: LoopbackReceiver;
  let moduleRef: TestingModule;
  let target: MessageSenderTarget;
  let config: MessageSenderConfig;

  beforeAll(async () => {
    receiver = await startLoopbackReceiver();
    moduleRef = await Test.createTestingModule({
      providers: [MessageSenderTarget, TargetHttpClient, { provide: TargetNetworkPolicy, useValue: ALLOW_PRIVATE_NETWORKS }],
    }).compile();
    target = moduleRef.get(MessageSenderTarget);
    config = { Endpoint: `${receiver.origin}/sender`, Secret: secret };
  });

  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answerWith({ status: 200 });
  });

  afterAll(async () => {
    await moduleRef.close();
    await receiver.close();
  });

  it("is the MessageSender target, with OrderCloud's config: Endpoint, and Secret write-only", () => {
    expect(deliveryTargetTypeOf(MessageSenderTarget)).toBe('MessageSender');
    expect(writeOnlyPropertiesOf(MessageSenderConfig).map((property) => property.name)).toEqual(['Secret']);
    expect(
      validateModel(MessageSenderConfig, { Endpoint: 'ftp://x', Secret: 'x'.repeat(51) }, 'DeliveryTargets.MessageSender').problems,
    ).toEqual([
      expect.objectContaining({ property: 'DeliveryTargets.MessageSender.Endpoint' }),
      expect.objectContaining({ property: 'DeliveryTargets.MessageSender.Secret' }),
    ]);
  });

  it('POSTs the envelope signed with x-oc-hash over the raw body, the delivery ID as webhook-id', async () => {
    const message = lineItemAddedMessage();
    expect(await target.deliver(deliveryRequestFor(message, config, { deliveryId: 'dlv_sender_1' }))).toEqual({
      status: 'delivered',
      httpStatus: 200,
    });
    const [request] = receiver.received;
    expect(request.path).toBe('/sender');
    expect(JSON.parse(request.body.toString('utf8'))).toEqual({ Headers: { type: message.Namespace }, Payload: message.Payload });
    expect(request.headers['x-oc-hash']).toBe(createHmac('sha256', secret).update(request.body).digest('base64'));
    expect(request.headers['webhook-id']).toBe('dlv_sender_1');
  });

  it.each(FAILING_ANSWERS)('turns a %j answer into a DeliveryFailedError', async (answer, expected) => {
    receiver.answerWith(answer);
    const error = await failureOf(target.deliver(deliveryRequestFor(lineItemAddedMessage(), config)));
    expect(error).toMatchObject({ ...expected, message: `MessageSender endpoint answered ${answer.status}` });
  });
});
