import { Auth } from 'ordercloud-javascript-sdk';
import { bodyOf } from '../support/http';
import { TEST_HTTP_ADAPTER } from '../support/http-adapter';
import { ADMIN, BUYER, loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

const TARGETS = { Http: { Endpoint: 'https://hooks.example.com/tracking', Secret: 'hook-secret' } };

/** `{"a":{"a":…}}` (or `[[…]]`) nested `depth` levels deep, as a JSON string: well under the 100 kB body limit. */
function nested(depth: number, kind: 'object' | 'array' = 'object'): string {
  return kind === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
}

/**
 * The refusal of a prototype key at `property`. Fastify's JSON parser refuses `__proto__` and
 * `constructor.prototype` keys itself (its onProtoPoisoning default), before the API could say where.
 */
function prototypeKeyRefusal(body: string, property: string) {
  if (TEST_HTTP_ADAPTER === 'fastify' && /"__proto__"|"constructor":\{"prototype"/.test(body)) {
    return { ErrorCode: 'ValidationFailure', Message: 'Request body is not valid JSON or holds a prototype key.', Data: null };
  }
  return { ErrorCode: 'ValidationFailure', Message: expect.stringContaining(property), Data: { Property: property } };
}

/** Cases found by hand, each a 500 (or a bad token) before: every one is a 4xx in the right error shape now. */
describe.each(TEST_DATABASES)('Bad input is a 4xx ($name)', (database) => {
  let running: RunningSampleApp;
  let adminToken: string;

  const send = (method: string, path: string, body: string, token = adminToken) =>
    fetch(`${running.baseUrl}${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
  const tokenRequest = (body: string, contentType: string) =>
    fetch(`${running.baseUrl}/oauth/token`, { method: 'POST', body, headers: { 'content-type': contentType } });
  const countConfigs = async () =>
    (await bodyOf(await send('GET', '/v1/integrations/deliveryconfig?pageSize=100', undefined as never))).Meta.TotalCount;

  beforeAll(async () => {
    running = await startSampleApp(database);
    useSdkAgainst(running);
    adminToken = await loginAsAdmin();
    const created = await send(
      'PUT',
      '/v1/integrations/deliveryconfig/dc-bad-input',
      JSON.stringify({ Name: 'x', DeliveryTargets: TARGETS }),
    );
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await running?.close();
  });

  describe('POST /oauth/token', () => {
    const password = { grant_type: 'password', client_id: ADMIN.clientId, username: ADMIN.username, password: ADMIN.password };

    it.each([
      ['password as a number', { ...password, password: 2026 }, 'password'],
      ['password as an array', { ...password, password: [ADMIN.password] }, 'password'],
      ['username as an object', { ...password, username: { $ne: null } }, 'username'],
      ['scope as an array', { ...password, scope: ['FullAccess'] }, 'scope'],
      ['grant_type as an array', { ...password, grant_type: ['password'] }, 'grant_type'],
      ['client_id as a number', { ...password, client_id: 7 }, 'client_id'],
      ['anonuserid as an array', { grant_type: 'client_credentials', client_id: BUYER.clientId, anonuserid: ['beacon-1'] }, 'anonuserid'],
      ['client_secret as an object', { grant_type: 'client_credentials', client_id: BUYER.clientId, client_secret: {} }, 'client_secret'],
    ])('JSON with %s: 400 invalid_request naming the field', async (_, body, field) => {
      const response = await tokenRequest(JSON.stringify(body), 'application/json');
      expect(response.status).toBe(400);
      const answer = await bodyOf(response);
      expect(answer).toMatchObject({ error: 'invalid_request', error_description: `${field} must be a string.` });
      expect(answer.access_token).toBeUndefined();
    });

    it.each([
      ['username[a]=1', 'username'],
      ['password[]=x&password[]=y', 'password'],
      ['scope[0]=FullAccess', 'scope'],
      ['anonuserid[]=beacon-1', 'anonuserid'],
    ])('form syntax %s: 400 invalid_request naming the field', async (fields, field) => {
      const base = fields.startsWith('anonuserid')
        ? `grant_type=client_credentials&client_id=${BUYER.clientId}`
        : `grant_type=password&client_id=${ADMIN.clientId}&username=${ADMIN.username}&password=${encodeURIComponent(ADMIN.password)}`;
      const body = `${base.replace(new RegExp(`(^|&)${field}=[^&]*`), '')}&${fields}`;
      const response = await tokenRequest(body, 'application/x-www-form-urlencoded');
      expect(response.status).toBe(400);
      expect(await bodyOf(response)).toMatchObject({ error: 'invalid_request', error_description: `${field} must be a string.` });
    });

    it.each([
      ['malformed JSON', '{"grant_type":', 'application/json'],
      ['a blank JSON body', ' ', 'application/json'],
      ['an oversized form', `grant_type=password&password=${'p'.repeat(300_000)}`, 'application/x-www-form-urlencoded'],
    ])('%s: 400 invalid_request in the OAuth shape', async (_, body, contentType) => {
      const response = await tokenRequest(body, contentType);
      expect(response.status).toBe(400);
      expect(await bodyOf(response)).toMatchObject({
        error: 'invalid_request',
        error_description: 'The request body is not a valid form or JSON object.',
      });
    });

    it('a body that is not an object: 400 invalid_request', async () => {
      const response = await tokenRequest('["grant_type"]', 'application/json');
      expect(response.status).toBe(400);
      expect(await bodyOf(response)).toMatchObject({ error: 'invalid_request' });
    });
  });

  describe('prototype keys', () => {
    it.each([
      ['__proto__', 'DeliveryTargets.__proto__'],
      ['constructor', 'DeliveryTargets.constructor'],
    ])('PUT /integrations/deliveryconfig with a target key %s: 400 naming the path, nothing stored', async (key, property) => {
      const body = `{"Name":"y","DeliveryTargets":{"Http":${JSON.stringify(TARGETS.Http)},"${key}":{"Endpoint":"https://x.example"}}}`;
      const response = await send('PUT', '/v1/integrations/deliveryconfig/dc-bad-input', body);
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors).toEqual([prototypeKeyRefusal(body, property)]);
      expect((await bodyOf(await send('GET', '/v1/integrations/deliveryconfig/dc-bad-input', undefined as never))).Name).toBe('x');
    });

    it.each([
      [
        'POST',
        '/v1/integrations/deliveryconfig',
        `{"Name":"z","DeliveryTargets":{"Http":{"Endpoint":"https://x.example","__proto__":{"Secret":"s"}}}}`,
        'DeliveryTargets.Http.__proto__',
      ],
      [
        'PATCH',
        '/v1/integrations/deliveryconfig/dc-bad-input',
        `{"DeliveryTargets":{"__proto__":{"polluted":true}}}`,
        'DeliveryTargets.__proto__',
      ],
      ['POST', '/v1/integrations/TrackingEvents', `{"EventType":"LineItemAdded","__proto__":{"ID":"x"}}`, '__proto__'],
    ])('%s %s with a nested prototype key: 400 naming the path', async (method, path, body, property) => {
      const before = await countConfigs();
      const response = await send(method, path, body);
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors).toEqual([prototypeKeyRefusal(body, property)]);
      expect(await countConfigs()).toBe(before);
    });
  });

  describe('deep nesting and shopper bodies', () => {
    it.each([
      ['POST', '/v1/integrations/deliveryconfig'],
      ['PUT', '/v1/integrations/deliveryconfig/dc-deep'],
      ['PATCH', '/v1/integrations/deliveryconfig/dc-bad-input'],
      ['POST', '/v1/integrations/TrackingEvents'],
      ['PATCH', '/v1/integrations/TrackingEvents/te-none'],
    ])('%s %s, 15,000 to 20,000 levels: 400 ValidationFailure', async (method, path) => {
      for (const deep of [nested(15_000), nested(20_000, 'array')]) {
        const response = await send(method, path, `{"Name":"x","DeliveryTargets":${deep}}`);
        expect(response.status).toBe(400);
        expect((await bodyOf(response)).Errors[0]).toMatchObject({
          ErrorCode: 'ValidationFailure',
          Message: 'The request body is nested deeper than 32 levels.',
        });
      }
    });

    it('33 levels are refused, 32 accepted', async () => {
      const at = (depth: number) => send('PATCH', '/v1/integrations/deliveryconfig/dc-bad-input', `{"Name":"x","xp":${nested(depth - 1)}}`);
      expect((await at(32)).status).toBe(200);
      expect((await at(33)).status).toBe(400);
    });

    it('POST /v1/cart/lineitems with a free anonymous token: 400 ValidationFailure', async () => {
      const anonymous = (await Auth.Anonymous(BUYER.clientId)).access_token;
      for (const body of [nested(15_000), `{"ProductID":"p","xp":${nested(20_000, 'array')}}`]) {
        const response = await send('POST', '/v1/cart/lineitems', body, anonymous);
        expect(response.status).toBe(400);
        expect((await bodyOf(response)).Errors[0]).toMatchObject({
          ErrorCode: 'ValidationFailure',
          Message: 'The request body is nested deeper than 32 levels.',
        });
      }
    });

    it('POST /v1/cart/lineitems with a null ProductID (found by the fuzz suite): 400 ValidationFailure', async () => {
      const anonymous = (await Auth.Anonymous(BUYER.clientId)).access_token;
      const response = await send('POST', '/v1/cart/lineitems', '{"ProductID":null}', anonymous);
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors[0]).toMatchObject({ ErrorCode: 'ValidationFailure', Message: 'ProductID is required.' });
    });

    it('a shopper body with a prototype key: 400 naming the path', async () => {
      const anonymous = (await Auth.Anonymous(BUYER.clientId)).access_token;
      const body = '{"ProductID":"p","xp":{"constructor":{"prototype":1}}}';
      const response = await send('POST', '/v1/cart/lineitems', body, anonymous);
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors).toEqual([prototypeKeyRefusal(body, 'xp.constructor')]);
    });
  });

  it.each(['Attempt=1.5', 'HttpStatus=99999999999', 'LatencyMs=>2147483648'])(
    'an integer filter PostgreSQL cannot compare with an INTEGER column (%s): 400 List.InvalidType',
    async (query) => {
      const response = await send('GET', `/v1/integrations/deliveryattempts?${query}`, undefined as never);
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors[0]).toMatchObject({ ErrorCode: 'List.InvalidType', Data: { Property: query.split('=')[0] } });
    },
  );

  describe('the NUL character (found by the fuzz suite on PostgreSQL, which refuses it in any query)', () => {
    const URL_REFUSAL = {
      ErrorCode: 'ValidationFailure',
      Message: 'The request URL holds the NUL character (%00), which no ID, filter or search can hold.',
      Data: null,
    };

    it.each([
      ['GET', '/v1/integrations/TrackingEvents/%00'],
      ['DELETE', '/v1/integrations/deliveryconfig/%00'],
      ['GET', '/v1/integrations/TrackingEvents?ID=%00'],
      ['GET', '/v1/integrations/deliveryconfig?search=a%00'],
      ['GET', '/v1/integrations/deliveryattempts?AnonymousID=%00'],
      ['POST', '/v1/integrations/deadletters/%00/replay'],
    ])('%s %s: 400 ValidationFailure', async (method, path) => {
      const response = await send(method, path, undefined as never);
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors).toEqual([URL_REFUSAL]);
    });

    it('in an admin body: 400 naming the path, nothing stored', async () => {
      const before = await countConfigs();
      const response = await send(
        'POST',
        '/v1/integrations/deliveryconfig',
        JSON.stringify({ Name: 'a\u0000b', DeliveryTargets: TARGETS }),
      );
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).Errors).toEqual([
        {
          ErrorCode: 'ValidationFailure',
          Message: 'Name holds the NUL character (U+0000), which cannot be stored.',
          Data: { Property: 'Name' },
        },
      ]);
      expect(await countConfigs()).toBe(before);
    });

    it('in a shopper URL or body: 400 ValidationFailure', async () => {
      const anonymous = (await Auth.Anonymous(BUYER.clientId)).access_token;
      const inUrl = await send('GET', '/v1/orders/Outgoing/%00', undefined as never, anonymous);
      expect(inUrl.status).toBe(400);
      expect((await bodyOf(inUrl)).Errors).toEqual([URL_REFUSAL]);
      const inBody = await send('POST', '/v1/cart/lineitems', '{"ProductID":"p\\u0000"}', anonymous);
      expect(inBody.status).toBe(400);
      expect((await bodyOf(inBody)).Errors[0]).toMatchObject({ ErrorCode: 'ValidationFailure', Data: { Property: 'ProductID' } });
    });

    it('in a /oauth/token field: 400 invalid_request', async () => {
      const response = await tokenRequest(
        `grant_type=password&client_id=${ADMIN.clientId}&username=%00&password=x`,
        'application/x-www-form-urlencoded',
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: 'invalid_request',
        error_description: 'username must not hold the NUL character.',
      });
    });
  });
});
