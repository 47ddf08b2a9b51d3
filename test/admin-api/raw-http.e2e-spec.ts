import { loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';
import { bodyOf } from '../support/http';
import { TEST_HTTP_ADAPTER } from '../support/http-adapter';

const TARGETS = { Http: { Endpoint: 'https://hooks.example.com/tracking', Secret: 'hook-secret' } };
const EVENT = { EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'dc-raw' };

describe.each(TEST_DATABASES)('Admin API over raw HTTP ($name)', (database) => {
  let running: RunningSampleApp;
  let token: string;

  const send = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    fetch(`${running.baseUrl}/v1${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    });
  const sendJson = (method: string, path: string, body: unknown) => send(method, path, JSON.stringify(body));

  beforeAll(async () => {
    running = await startSampleApp(database);
    useSdkAgainst(running);
    token = await loginAsAdmin();
    expect((await sendJson('POST', '/integrations/deliveryconfig', { ID: 'dc-raw', Name: 'Raw', DeliveryTargets: TARGETS })).status).toBe(
      201,
    );
  });

  afterAll(async () => {
    await running?.close();
  });

  describe('status codes and headers', () => {
    it('answers 201 with a Location for POST', async () => {
      const response = await sendJson('POST', '/integrations/TrackingEvents', { ID: 'te-raw', ...EVENT });
      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe('/v1/integrations/TrackingEvents/te-raw');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('answers 201 for a PUT that creates and 200 for one that replaces', async () => {
      expect((await sendJson('PUT', '/integrations/TrackingEvents/te-put', { ...EVENT, EventType: 'OrderSubmitted' })).status).toBe(201);
      expect(
        (await sendJson('PUT', '/integrations/TrackingEvents/te-put', { ...EVENT, EventType: 'OrderSubmitted', Name: 'x' })).status,
      ).toBe(200);
      expect((await sendJson('PUT', '/integrations/deliveryconfig/dc-put', { Name: 'x', DeliveryTargets: TARGETS })).status).toBe(201);
      expect((await sendJson('PUT', '/integrations/deliveryconfig/dc-put', { Name: 'y', DeliveryTargets: TARGETS })).status).toBe(200);
    });

    it('answers 200 for PATCH and 204 without a body for DELETE', async () => {
      expect((await sendJson('PATCH', '/integrations/TrackingEvents/te-put', { Name: 'z' })).status).toBe(200);
      const deleted = await send('DELETE', '/integrations/TrackingEvents/te-put');
      expect(deleted.status).toBe(204);
      expect(await deleted.text()).toBe('');
      expect((await send('DELETE', '/integrations/deliveryconfig/dc-put')).status).toBe(204);
    });
  });

  describe('paths in any case', () => {
    it.each([
      '/integrations/TrackingEvents/te-raw',
      '/integrations/trackingEvents/te-raw',
      '/integrations/trackingevents/te-raw',
      '/INTEGRATIONS/TRACKINGEVENTS/te-raw',
    ])('serves %s', async (path) => {
      const response = await send('GET', path);
      expect(response.status).toBe(200);
      expect((await bodyOf(response)).ID).toBe('te-raw');
    });

    it.each(['/integrations/deliveryconfig', '/integrations/DeliveryConfig', '/integrations/DELIVERYCONFIG'])('serves %s', async (path) => {
      expect((await send('GET', path)).status).toBe(200);
    });
  });

  describe('bad input is a 400 in the OrderCloud shape, never a 500', () => {
    const writes: Array<[string, string]> = [
      ['POST', '/integrations/TrackingEvents'],
      ['PUT', '/integrations/TrackingEvents/te-raw'],
      ['PATCH', '/integrations/TrackingEvents/te-raw'],
      ['POST', '/integrations/deliveryconfig'],
      ['PUT', '/integrations/deliveryconfig/dc-raw'],
      ['PATCH', '/integrations/deliveryconfig/dc-raw'],
    ];

    it.each(writes)('%s %s: malformed JSON', async (method, path) => {
      const response = await send(method, path, '{"Name": "x",');
      expect(response.status).toBe(400);
      const body = await bodyOf(response);
      expect(body.Errors).toHaveLength(1);
      expect(body.Errors[0].ErrorCode).toBe('ValidationFailure');
      expect(body.Errors[0].Message).toMatch(/^Request body is not valid JSON/);
    });

    it.each(writes)('%s %s: a JSON array, string or number instead of an object', async (method, path) => {
      for (const body of ['[1,2]', '"text"', '42', 'null']) {
        const response = await send(method, path, body);
        expect(response.status).toBe(400);
        expect((await bodyOf(response)).Errors[0].ErrorCode).toBe('ValidationFailure');
      }
    });

    it.each(writes)('%s %s: an oversized body', async (method, path) => {
      const response = await sendJson(method, path, { Name: 'x', Padding: 'p'.repeat(300_000) });
      expect(response.status).toBe(400);
      expect(await bodyOf(response)).toEqual({
        Errors: [{ ErrorCode: 'ValidationFailure', Message: 'Request body is larger than the server accepts.', Data: null }],
      });
    });

    it.each(writes.filter(([method]) => method !== 'PATCH'))('%s %s: no body at all', async (method, path) => {
      const response = await send(method, path);
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors[0].ErrorCode).toBe('ValidationFailure');
    });

    it('PATCH without a body changes nothing', async () => {
      const before = await bodyOf(await send('GET', '/integrations/TrackingEvents/te-raw'));
      const response = await send('PATCH', '/integrations/TrackingEvents/te-raw');
      expect(response.status).toBe(200);
      expect(await bodyOf(response)).toEqual(before);
    });

    it.each(['text/plain', 'application/xml'])('a body sent as %s', async (contentType) => {
      const response = await send('POST', '/integrations/TrackingEvents', JSON.stringify(EVENT), { 'content-type': contentType });
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors).toEqual([
        { ErrorCode: 'ValidationFailure', Message: 'The request body must be a JSON object.', Data: null },
      ]);
    });

    it.each([
      [{ ...EVENT, EventType: 7 }, 'EventType'],
      [{ ...EVENT, ClientID: ['storefront'] }, 'ClientID'],
      [{ ...EVENT, Name: { first: 'x' } }, 'Name'],
      [{ ...EVENT, DeliveryConfigID: true }, 'DeliveryConfigID'],
      [{ ...EVENT, ID: 12 }, 'ID'],
      [{ ...EVENT, Name: 'n'.repeat(129) }, 'Name'],
    ])('wrong types and lengths in a TrackingEvent: %j', async (body, property) => {
      const response = await sendJson('POST', '/integrations/TrackingEvents', body);
      expect(response.status).toBe(400);
      const errors = (await bodyOf(response)).Errors;
      expect(errors[0]).toMatchObject({ ErrorCode: 'ValidationFailure', Data: { Property: property } });
    });

    it.each([
      [{ Name: 'x', DeliveryTargets: [] }, 'DeliveryTargets'],
      [{ Name: 'x', DeliveryTargets: 'Http' }, 'DeliveryTargets'],
      [{ Name: 'x', Enabled: 1, DeliveryTargets: TARGETS }, 'Enabled'],
      [{ Name: 'x', DeliveryTargets: { Http: { ...TARGETS.Http, Endpoint: 5 } } }, 'DeliveryTargets.Http.Endpoint'],
      [
        {
          Name: 'x',
          DeliveryTargets: { SendEvent: { SiteID: ['3f0c8a4e-6f7b-4a53-9d3e-2c9d8f1b7a10'], ServiceEndpoint: 'https://t.stat-track.com' } },
        },
        'DeliveryTargets.SendEvent.SiteID',
      ],
    ])('wrong types in a DeliveryConfig: %j', async (body, property) => {
      const response = await sendJson('POST', '/integrations/deliveryconfig', body);
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors[0]).toMatchObject({ ErrorCode: 'ValidationFailure', Data: { Property: property } });
    });

    it('a path ID with broken percent-encoding', async () => {
      const response = await send('GET', '/integrations/TrackingEvents/%E0%A4%A');
      expect(response.status).toBe(400);
      // Fastify's router refuses such a URL before any route, the library's included, sees the request: in Fastify's own shape.
      const shape =
        TEST_HTTP_ADAPTER === 'fastify'
          ? { code: 'FST_ERR_BAD_URL' }
          : { Errors: [expect.objectContaining({ ErrorCode: 'ValidationFailure' })] };
      expect(await bodyOf(response)).toMatchObject(shape);
    });

    it('list parameters that make no sense', async () => {
      for (const query of ['page=abc', 'pageSize=1e3', 'sortBy=!', 'Name=*', 'search=%25%25', 'EventType=!*&page=2']) {
        const response = await send('GET', `/integrations/TrackingEvents?${query}`);
        expect(response.status).toBeLessThan(500);
        const body = await bodyOf(response);
        expect(body.Errors ?? body.Items).toBeDefined();
      }
    });
  });

  describe('the host keeps its own error format on its own routes', () => {
    it('answers malformed JSON to a host route in the host format', async () => {
      const response = await fetch(`${running.baseUrl}/v1/not-tracking`, {
        method: 'POST',
        body: '{bad',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      const body = await bodyOf(response);
      expect(body.Errors).toBeUndefined();
      expect(body.statusCode).toBe(400);
    });
  });
});
