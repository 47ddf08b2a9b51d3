import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ocHash, signatureHeaders, standardWebhookSignature } from './http-signature';

const secret = 'q7Vt2-shop-webhook-secret';
const body = Buffer.from('{"Headers":{"type":"sitecore.ordercloud.messages.orders.submitted"},"Payload":{"Note":"Café – 5 €"}}', 'utf8');

/** How OrderCloud's catalyst checks `x-oc-hash` (OrderCloudWebhookAuth.ts), with a constant-time compare. */
function catalystAccepts(rawBody: Buffer, header: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

describe('ocHash', () => {
  it('is what OrderCloud catalyst computes over the raw body', () => {
    expect(catalystAccepts(body, ocHash(secret, body))).toBe(true);
  });

  it('no longer matches once a byte of the body changed', () => {
    expect(catalystAccepts(Buffer.from(body.toString().replace('5 €', '6 €')), ocHash(secret, body))).toBe(false);
  });
});

describe('signatureHeaders', () => {
  const sentAt = new Date();
  const headers = signatureHeaders({ secret, body, webhookId: 'dlv_7Hq2Ws9Ke4Rt1Yu6Io3Pa8', sentAt });
  const receiver = new Webhook(Buffer.from(secret).toString('base64'));

  it('is verified by the standardwebhooks library given base64(Secret)', () => {
    expect(receiver.verify(body, { ...headers })).toEqual(JSON.parse(body.toString('utf8')));
  });

  it('is the signature the standardwebhooks library makes itself', () => {
    expect(headers['webhook-signature']).toBe(receiver.sign(headers['webhook-id'], sentAt, body));
  });

  it('stamps the attempt in whole unix seconds', () => {
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(Number(headers['webhook-timestamp'])).toBe(Math.floor(sentAt.getTime() / 1000));
  });

  it('carries the webhook id and the x-oc-hash', () => {
    expect(headers['webhook-id']).toBe('dlv_7Hq2Ws9Ke4Rt1Yu6Io3Pa8');
    expect(headers['x-oc-hash']).toBe(ocHash(secret, body));
  });

  it('is refused for another body, another id or another secret', () => {
    expect(() => receiver.verify(Buffer.from(body.toString() + ' '), { ...headers })).toThrow('No matching signature found');
    expect(() => receiver.verify(body, { ...headers, 'webhook-id': 'dlv_other' })).toThrow('No matching signature found');
    const otherSecret = new Webhook(Buffer.from('another-secret').toString('base64'));
    expect(() => otherSecret.verify(body, { ...headers })).toThrow('No matching signature found');
  });
});

describe('standardWebhookSignature', () => {
  it('signs id.timestamp.body with the v1 scheme', () => {
    const expected = createHmac('sha256', secret)
      .update(`msg_1.1772460000.${body.toString('utf8')}`)
      .digest('base64');
    expect(standardWebhookSignature(secret, 'msg_1', 1772460000, body)).toBe(`v1,${expected}`);
  });
});
