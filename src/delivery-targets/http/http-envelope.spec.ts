import { DeliveryFailedError } from '../delivery-failed.error';
import { lineItemAddedMessage, orderSubmittedMessage, shopperJourney, userLoggedInMessage } from '../tracking-message.fixtures';
import { signatureHeaders } from './http-signature';
import { toHttpEnvelope, toHttpPost } from './http-envelope';

const config = { Endpoint: 'https://hooks.example.com/ordercloud', Secret: 'q7Vt2-shop-webhook-secret' };
const sentAt = new Date('2026-03-02T14:12:31.000Z');

describe('toHttpEnvelope', () => {
  it.each(shopperJourney().map((message) => [message.EventType, message] as const))(
    'wraps a %s message in Headers.type = its namespace and Payload = the message',
    (_, message) => {
      expect(toHttpEnvelope(message)).toEqual({ Headers: { type: message.Namespace }, Payload: message.Payload });
    },
  );

  it('names the namespaces OrderCloud uses', () => {
    expect(toHttpEnvelope(userLoggedInMessage()).Headers.type).toBe('sitecore.ordercloud.messages.sessions.identified');
    expect(toHttpEnvelope(orderSubmittedMessage()).Headers.type).toBe('sitecore.ordercloud.messages.orders.submitted');
  });
});

describe('toHttpPost', () => {
  it('posts the envelope as JSON to the endpoint, signed over exactly the bytes it sends', () => {
    const message = lineItemAddedMessage();
    const post = toHttpPost(message, config, 'dlv_1', sentAt);
    expect(post.url).toBe(config.Endpoint);
    expect(post.body.toString('utf8')).toBe(JSON.stringify({ Headers: { type: message.Namespace }, Payload: message.Payload }));
    expect(post.headers).toEqual({
      'Content-Type': 'application/json',
      ...signatureHeaders({ secret: config.Secret, body: post.body, webhookId: 'dlv_1', sentAt }),
    });
  });

  it('adds the custom auth header when one is configured', () => {
    const post = toHttpPost(
      lineItemAddedMessage(),
      { ...config, CustomAuthHeaderName: 'x-functions-key', CustomAuthHeaderValue: 'fn-key' },
      'dlv_1',
      sentAt,
    );
    expect(post.headers['x-functions-key']).toBe('fn-key');
  });

  it('refuses, for good, a custom auth header that would clash with one it signs', () => {
    const clash = { ...config, CustomAuthHeaderName: 'X-OC-Hash', CustomAuthHeaderValue: 'forged' };
    const attempt = () => toHttpPost(lineItemAddedMessage(), clash, 'dlv_1', sentAt);
    expect(attempt).toThrow(DeliveryFailedError);
    expect(attempt).toThrow(
      expect.objectContaining({ retryable: false, message: expect.stringMatching(/"X-OC-Hash" is a header the Http target sets/) }),
    );
  });
});
