import { fc, it } from '@fast-check/jest';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { Auth } from 'ordercloud-javascript-sdk';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../sample-app/auth/token.service';
import { ADMIN, BUYER, login, loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

/**
 * Property-based fuzzing of everything a stranger can send: generated JSON bodies (wrong types,
 * prototype keys, deep nesting, long strings, any unicode), list query strings and bearer tokens,
 * thrown at the admin API, `/oauth/token` and the shopper API of the running sample app. Whatever
 * comes in, the answer is never a 5xx, a 4xx has the OrderCloud (or OAuth) error shape, no answer
 * holds a secret, and a refused write stores nothing. On every test database: PostgreSQL refuses in a query
 * what SQLite takes (the NUL character). Fixed seeds: a failure prints its counterexample and replays
 * (FUZZ_SEED=<n> runs another seed).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 24);
const RUNS = 150;
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];
const FIELD_NAMES = [
  'ID',
  'Name',
  'Enabled',
  'DeliveryTargets',
  'Http',
  'Endpoint',
  'Secret',
  'CustomAuthHeaderName',
  'CustomAuthHeaderValue',
  'SendEvent',
  'DiscoverEvent',
  'SiteID',
  'ApiKey',
  'ServiceEndpoint',
  'EventType',
  'ClientID',
  'DeliveryConfigID',
  'xp',
  'ProductID',
  'Quantity',
  'anonUserToken',
];
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\r\n',
  'a\r\nX-Injected: 1',
  '😀',
  'ẞß',
  '\ud800',
  '../..',
  '<script>',
  "' OR 1=1 --",
  '%00',
  'null',
  '*',
];

const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...ODD_STRINGS),
);
const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIELD_NAMES) }, fc.constantFrom(...PROTOTYPE_KEYS), oddString);
const scalar = fc.oneof(oddString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
/** `depth` levels of objects or arrays: well past the limit of 32, within the 100 kB body limit. */
const deepText = fc
  .tuple(fc.integer({ min: 30, max: 15_000 }), fc.boolean())
  .map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));
const longText = fc.integer({ min: 1_000, max: 60_000 }).map((length) => JSON.stringify('x'.repeat(length)));

/** JSON text, written out by hand so that `__proto__` keys survive as the client sends them. */
const valueText: fc.Arbitrary<string> = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: scalar.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: tie('object') },
    { weight: 1, arbitrary: tie('array') },
    { weight: 1, arbitrary: deepText },
    { weight: 1, arbitrary: longText },
  ),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(objectText),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
})).value;

function objectText(entries: Array<[string, string | undefined]>): string {
  return `{${entries.map(([name, value]) => `${JSON.stringify(name)}:${value ?? 'null'}`).join(',')}}`;
}

/** A body shaped like the resource, so that generated values reach its validation, not just the type check. */
function shapedBody(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.record(fields, { requiredKeys: [] }), fc.array(fc.tuple(key, valueText), { maxLength: 2 }))
    .map(([known, extra]) => objectText([...Object.entries(known), ...extra]));
}

const either = (valid: unknown) => fc.oneof(fc.constant(JSON.stringify(valid)), valueText);
const endpoint = either('https://hooks.fuzz.invalid/tracking');
const httpTarget = shapedBody({
  Endpoint: endpoint,
  Secret: either('s3cret'),
  CustomAuthHeaderName: either('X-Key'),
  CustomAuthHeaderValue: valueText,
});
const deliveryTargets = fc.oneof(
  shapedBody({ Http: httpTarget, SendEvent: shapedBody({ SiteID: valueText, ServiceEndpoint: endpoint }), DiscoverEvent: valueText }),
  valueText,
);
const deliveryConfigBody = shapedBody({ ID: valueText, Name: either('Fuzzed'), Enabled: either(true), DeliveryTargets: deliveryTargets });
const trackingEventBody = shapedBody({
  ID: valueText,
  Name: either('Fuzzed'),
  EventType: either('LineItemAdded'),
  ClientID: either('storefront'),
  DeliveryConfigID: either('dc-fuzz'),
  xp: valueText,
});
const lineItemBody = shapedBody({ ID: valueText, ProductID: either('mug'), Quantity: either(2), xp: valueText });
/** A body as sent: mostly JSON, sometimes text that is not JSON at all. */
const rawBody = (json: fc.Arbitrary<string>) => fc.oneof({ weight: 5, arbitrary: json }, { weight: 1, arbitrary: oddString });

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('page', 'pageSize', 'search', 'searchOn', 'sortBy', 'ID', 'Name', 'EventType', 'Enabled', 'xp.a', 'a[b]', 'page[]'),
        fc.constantFrom('Attempt', 'HttpStatus', 'LatencyMs', 'AttemptedAt', 'FailedAt'),
        key,
      ),
      fc.oneof(
        oddString,
        fc.constantFrom('1', '0', '-1', '1e9', '!*', '>=2', 'a|b', '!ID', 'ID,!Name', '%E0%A4%A', '%', '[]'),
        fc.constantFrom('1.5', '99999999999', '>2147483648', '<-2147483649', '2026-13-45', '>0000-01-01', '<9999-12-31T23:59:59Z'),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([name, value]) => `${queryPart(name)}=${queryPart(value)}`).join('&'));

/** Percent-encodes, except for the raw sequences meant to reach the server broken. */
function queryPart(text: string): string {
  if (/^(%|%E0%A4%A|\[\])$/.test(text) || text.endsWith('[]') || text.includes('[')) return text.replace(/[^\x21-\x7e]/g, '');
  return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
}

/** What an Authorization header can hold: printable ASCII. */
const headerSafe = (text: string) => text.replace(/[^\x20-\x7e]/g, '');
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');
const claims = fc.record(
  {
    usr: scalar,
    u: scalar,
    cid: scalar,
    usrtype: fc.oneof(scalar, fc.constantFrom('admin', 'buyer')),
    role: fc.oneof(scalar, fc.constant(['FullAccess'])),
  },
  { requiredKeys: [] },
);

describe.each(TEST_DATABASES)('Fuzzing the public endpoints ($name)', (database) => {
  let running: RunningSampleApp;
  let adminToken: string;
  let buyerToken: string;
  let anonymousToken: string;
  const targetSecrets = { http: `fuzz-http-${randomBytes(8).toString('hex')}`, header: `fuzz-header-${randomBytes(8).toString('hex')}` };
  let secrets: string[];

  const send = (method: string, path: string, options: { body?: string; token?: string; authorization?: string; type?: string } = {}) =>
    fetch(`${running.baseUrl}${path}`, {
      method,
      body: options.body,
      headers: {
        'content-type': options.type ?? 'application/json',
        ...(options.authorization !== undefined ? { authorization: options.authorization } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
    });

  /** Reads an answer and checks what holds for every one; returns it for the case's own checks. */
  async function checked(response: Response, shape: 'ordercloud' | 'oauth'): Promise<{ status: number; body: any }> {
    const text = await response.text();
    expect(response.status).toBeLessThan(500);
    for (const secret of secrets) expect(text).not.toContain(secret);
    if (response.status < 400) return { status: response.status, body: text ? JSON.parse(text) : undefined };
    const body = JSON.parse(text);
    if (shape === 'oauth') {
      expect(body).toMatchObject({ error: expect.any(String), error_description: expect.any(String) });
    } else {
      expect(body).toEqual({
        Errors: expect.arrayContaining([expect.objectContaining({ ErrorCode: expect.any(String), Message: expect.any(String) })]),
      });
    }
    return { status: response.status, body };
  }

  /** Everything a write to the admin API could change, as its list endpoints show it. */
  const adminState = async () =>
    Promise.all(
      ['/v1/integrations/deliveryconfig?pageSize=100', '/v1/integrations/TrackingEvents?pageSize=100'].map(async (path) =>
        (await send('GET', path, { token: adminToken })).text(),
      ),
    );
  const cartState = async (token: string) => (await send('GET', '/v1/cart', { token })).text();

  beforeAll(async () => {
    running = await startSampleApp(database, { runWorkers: false });
    useSdkAgainst(running);
    adminToken = await loginAsAdmin();
    buyerToken = await login(BUYER);
    anonymousToken = (await Auth.Anonymous(BUYER.clientId)).access_token;
    secrets = [ADMIN.password, BUYER.password, running.config.jwtSecret, targetSecrets.http, targetSecrets.header];
    const config = {
      Name: 'Fuzz',
      DeliveryTargets: {
        Http: {
          Endpoint: 'https://hooks.fuzz.invalid/tracking',
          Secret: targetSecrets.http,
          CustomAuthHeaderName: 'X-Key',
          CustomAuthHeaderValue: targetSecrets.header,
        },
      },
    };
    expect((await send('PUT', '/v1/integrations/deliveryconfig/dc-fuzz', { body: JSON.stringify(config), token: adminToken })).status).toBe(
      201,
    );
    const event = { EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Fuzz', DeliveryConfigID: 'dc-fuzz' };
    expect((await send('PUT', '/v1/integrations/TrackingEvents/te-fuzz', { body: JSON.stringify(event), token: adminToken })).status).toBe(
      201,
    );
  });

  afterAll(async () => {
    await running?.close();
  });

  const adminWrites = fc.oneof(
    fc.tuple(
      fc.constantFrom(
        'POST /v1/integrations/deliveryconfig',
        'PUT /v1/integrations/deliveryconfig/dc-fuzz',
        'PATCH /v1/integrations/deliveryconfig/dc-fuzz',
      ),
      rawBody(deliveryConfigBody),
    ),
    fc.tuple(
      fc.constantFrom(
        'POST /v1/integrations/TrackingEvents',
        'PUT /v1/integrations/TrackingEvents/te-fuzz',
        'PATCH /v1/integrations/TrackingEvents/te-fuzz',
      ),
      rawBody(trackingEventBody),
    ),
  );

  it.prop([adminWrites], { seed: SEED, numRuns: RUNS * 3 })(
    'admin API writes: never a 5xx, nothing stored on a 4xx',
    async ([route, body]) => {
      const [method, path] = route.split(' ');
      const before = await adminState();
      const { status } = await checked(await send(method, path, { body, token: adminToken }), 'ordercloud');
      if (status >= 400) expect(await adminState()).toEqual(before);
    },
  );

  it.prop(
    [
      fc.constantFrom(
        '/v1/integrations/TrackingEvents',
        '/v1/integrations/deliveryconfig',
        '/v1/integrations/deadletters',
        '/v1/integrations/deliveryattempts',
        '/v1/integrations/deliverycircuits',
        '/v1/me/products',
      ),
      queryString,
    ],
    { seed: SEED, numRuns: RUNS * 2 },
  )('list query strings: never a 5xx', async (path, query) => {
    const token = path.startsWith('/v1/me') ? buyerToken : adminToken;
    const { status, body } = await checked(await send('GET', `${path}?${query}`, { token }), 'ordercloud');
    if (status === 200) expect(body).toMatchObject({ Meta: expect.any(Object), Items: expect.any(Array) });
  });

  const oauthFields = ['grant_type', 'client_id', 'client_secret', 'username', 'password', 'scope', 'anonuserid'];
  const oauthValue = (valid: string[]) => fc.oneof(fc.constantFrom(...valid), oddString);
  const oauthRecord: Record<string, fc.Arbitrary<string>> = {
    grant_type: oauthValue(['password', 'client_credentials', 'refresh_token']),
    client_id: oauthValue([ADMIN.clientId, BUYER.clientId]),
    client_secret: oddString,
    username: oauthValue([ADMIN.username, BUYER.username]),
    password: oauthValue(['wrong-password']),
    scope: oauthValue(['FullAccess', 'Shopper FullAccess']),
    anonuserid: oauthValue(['beacon-1']),
  };
  const formBody = fc
    .tuple(
      fc.record(oauthRecord, { requiredKeys: [] }),
      fc.array(
        fc.tuple(
          fc.constantFrom(
            ...oauthFields.map((field) => `${field}[a]`),
            ...oauthFields.map((field) => `${field}[]`),
            '__proto__[x]',
            'a[b][c][d]',
          ),
          oddString,
        ),
        { maxLength: 3 },
      ),
    )
    .map(([fields, extra]) =>
      [...Object.entries(fields), ...extra].map(([name, value]) => `${queryPart(name)}=${queryPart(value ?? '')}`).join('&'),
    );
  const jsonBody = fc
    .tuple(
      fc.record(
        Object.fromEntries(
          oauthFields.map((field) => [
            field,
            fc.oneof(
              oauthRecord[field].map((value) => JSON.stringify(value)),
              valueText,
            ),
          ]),
        ),
        { requiredKeys: [] },
      ),
      fc.array(fc.tuple(key, valueText), { maxLength: 2 }),
    )
    .map(([fields, extra]) => objectText([...Object.entries(fields), ...extra]));

  it.prop(
    [
      fc.oneof(
        fc.tuple(fc.constant('application/x-www-form-urlencoded'), formBody),
        fc.tuple(fc.constant('application/json'), rawBody(jsonBody)),
      ),
    ],
    {
      seed: SEED,
      numRuns: RUNS * 3,
    },
  )('POST /oauth/token, form and JSON: never a 5xx, OAuth errors, no token for bad input', async ([type, body]) => {
    const { status, body: answer } = await checked(await send('POST', '/oauth/token', { body, type }), 'oauth');
    if (status === 200) expect(answer).toMatchObject({ access_token: expect.any(String), token_type: 'bearer' });
  });

  const shopperWrites = fc.tuple(
    fc.constantFrom('POST /v1/cart/lineitems', 'PATCH /v1/cart/lineitems/li-fuzz', 'PUT /v1/cart/lineitems/li-fuzz', 'PUT /v1/me/orders'),
    fc.constantFrom('buyer', 'anonymous'),
    rawBody(lineItemBody),
  );

  it.prop([shopperWrites], { seed: SEED, numRuns: RUNS * 3 })(
    'shopper API writes: never a 5xx, the cart unchanged on a 4xx',
    async ([route, who, body]) => {
      const [method, path] = route.split(' ');
      const token = who === 'buyer' ? buyerToken : anonymousToken;
      const before = await cartState(token);
      const { status } = await checked(await send(method, path, { body, token }), 'ordercloud');
      if (status >= 400) expect(await cartState(token)).toEqual(before);
    },
  );

  const wrongSecret = new JwtService({ secret: randomBytes(16).toString('hex') });
  const authorization = fc.oneof(
    oddString.map(headerSafe),
    oddString.map((text) => `Bearer ${headerSafe(text)}`),
    fc
      .tuple(
        fc.record({ alg: fc.oneof(fc.constantFrom('none', 'HS256', 'RS256', 'HS512'), scalar), typ: scalar }, { requiredKeys: [] }),
        claims,
        oddString,
      )
      .map(([header, payload, signature]) => `Bearer ${base64url(header)}.${base64url(payload)}.${headerSafe(signature)}`),
    claims.map(
      (payload) => `Bearer ${wrongSecret.sign({ ...payload }, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, algorithm: 'HS256' })}`,
    ),
    fc.constantFrom('bearer', 'Bearer ', 'Basic YWRtaW46QWRtaW4jMjAyNg==', 'Bearer a.b.c', 'Bearer ..'),
  );

  it.prop(
    [
      fc.constantFrom(
        'GET /v1/integrations/TrackingEvents',
        'GET /v1/integrations/deliveryconfig/dc-fuzz',
        'POST /v1/integrations/deliveryconfig',
        'GET /v1/me',
        'GET /v1/cart',
        'POST /v1/cart/lineitems',
      ),
      authorization,
    ],
    { seed: SEED, numRuns: RUNS * 2 },
  )('forged and malformed tokens: a 401 in the OrderCloud shape', async (route, header) => {
    const [method, path] = route.split(' ');
    const { status } = await checked(
      await send(method, path, { authorization: header, body: method === 'POST' ? '{}' : undefined }),
      'ordercloud',
    );
    expect(status).toBe(401);
  });
});
