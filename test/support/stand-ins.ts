import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { LoopbackReceiver, ReceivedRequest, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { waitFor } from './wait-for';

export const HTTP_SECRET = 'journey-webhook-secret';
export const SEND_SITE = '3f0c8a4e-6f7b-4a53-9d3e-2c9d8f1b7a10';
export const DISCOVER_KEY = '01-discover-api-key';
export const DISCOVER_CUSTOMER = 'ck-1234';

/** Loopback servers standing in for Sitecore Send, Sitecore Discover and an Http endpoint. */
export interface StandIns {
  send: LoopbackReceiver;
  discover: LoopbackReceiver;
  http: LoopbackReceiver;
  /** The DeliveryTargets that point at them (plus the sample's AuditLog target). */
  deliveryTargets(): Record<string, unknown>;
  /** Waits until each has received its share of a step, and hands over (and forgets) what arrived. */
  received(counts: {
    http: number;
    send: number;
    discover: number;
  }): Promise<{ http: ReceivedRequest[]; send: ReceivedRequest[]; discover: ReceivedRequest[] }>;
  /** What arrived that no step accounted for. */
  unaccounted(): { http: number; send: number; discover: number };
  close(): Promise<void>;
}

export async function startStandIns(): Promise<StandIns> {
  const [send, discover, http] = await Promise.all([startLoopbackReceiver(), startLoopbackReceiver(), startLoopbackReceiver()]);
  return {
    send,
    discover,
    http,
    deliveryTargets: () => ({
      Http: {
        Endpoint: `${http.origin}/hooks/ordercloud`,
        Secret: HTTP_SECRET,
        CustomAuthHeaderName: 'x-functions-key',
        CustomAuthHeaderValue: 'fn-key',
      },
      SendEvent: { SiteID: SEND_SITE, ServiceEndpoint: `${send.origin}/` },
      DiscoverEvent: { ClientID: DISCOVER_CUSTOMER, ApiKey: DISCOVER_KEY, ServiceEndpoint: discover.origin },
      AuditLog: { Channel: 'journeys' },
    }),
    received: async (counts) => {
      await waitFor(
        `deliveries ${JSON.stringify(counts)}`,
        () => http.received.length >= counts.http && send.received.length >= counts.send && discover.received.length >= counts.discover,
      );
      return {
        http: http.received.splice(0, counts.http),
        send: send.received.splice(0, counts.send),
        discover: discover.received.splice(0, counts.discover),
      };
    },
    unaccounted: () => ({ http: http.received.length, send: send.received.length, discover: discover.received.length }),
    close: async () => {
      await Promise.all([send, discover, http].map((receiver) => receiver.close()));
    },
  };
}

function json(request: ReceivedRequest) {
  return JSON.parse(request.body.toString());
}

/** The Http stand-in's request, checked to be signed as OrderCloud and Standard Webhooks do; returns its envelope. */
export function verifiedHttpEnvelope(request: ReceivedRequest) {
  expect(request.method).toBe('POST');
  expect(request.path).toBe('/hooks/ordercloud');
  expect(request.headers['content-type']).toBe('application/json');
  expect(request.headers['x-functions-key']).toBe('fn-key');
  expect(request.headers['x-oc-hash']).toBe(createHmac('sha256', HTTP_SECRET).update(request.body).digest('base64'));
  new Webhook(Buffer.from(HTTP_SECRET).toString('base64')).verify(request.body.toString(), request.headers as Record<string, string>);
  return json(request);
}

/** The Send stand-in's request body, checked for method, path and headers. */
export function sendRequest(request: ReceivedRequest, path: '/identify' | '/track') {
  expect(request.method).toBe('POST');
  expect(request.path).toBe(path);
  expect(request.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
  return json(request);
}

/** The Discover stand-in's event, checked for method, path and key; its time `t` (recent) removed. */
export function discoverEvent(request: ReceivedRequest) {
  expect(request.method).toBe('POST');
  expect(request.path).toBe(`/event/${DISCOVER_CUSTOMER}/v4/publish`);
  expect(request.headers).toMatchObject({ 'content-type': 'application/json', authorization: DISCOVER_KEY });
  const body = json(request);
  expect(Math.abs(body.t - Date.now())).toBeLessThan(60_000);
  delete body.t;
  return body;
}
