import {
  expiryCheckDelay,
  expiryFromJwt,
  isExpired,
  parseStoredSession,
  sessionFromToken,
  sessionFromTokenAnswer,
  type Session,
} from './session';

const NOW = Date.parse('2026-11-27T10:00:00.000Z');
/** Standard base64 of a text's UTF-8 bytes, and base64url, as JWTs use it. */
const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const base64Url = (text: string) => base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** A JWT with this payload text; the signature is never checked in the page. */
const jwt = (payload: string) => `${base64Url('{"alg":"HS256","typ":"JWT"}')}.${base64Url(payload)}.c2lnbmF0dXJl`;

describe('expiryFromJwt', () => {
  it("reads the exp claim, in seconds, as the token's expiry", () => {
    expect(expiryFromJwt(jwt('{"usr":"admin","exp":1795000000}'))).toBe(1_795_000_000_000);
    expect(expiryFromJwt(jwt('{"exp":1795000000.5}'))).toBe(1_795_000_000_500);
  });

  it("reads a payload of any length, with base64url's - and _, and UTF-8 text", () => {
    for (const payload of [
      '{"exp":1795000000}',
      '{"exp":1795000000,"a":1}',
      '{"exp":1795000000,"ab":1}',
      // "??" and "~~~" are where base64url has _ and - in place of / and +.
      '{"exp":1795000000,"s":"??"}',
      '{"exp":1795000000,"t":"~~~"}',
      '{"name":"Zoë","exp":1795000000}',
    ]) {
      expect(expiryFromJwt(jwt(payload))).toBe(1_795_000_000_000);
    }
  });

  it('knows no expiry for a token that is not a signed JWT', () => {
    for (const token of ['', 'opaque-token', 'a.b', 'a.b.c.d.e', `${jwt('{"exp":1795000000}')}.extra`, '..', 'header..signature']) {
      expect(expiryFromJwt(token)).toBeNull();
    }
  });

  it('knows no expiry for a malformed payload', () => {
    const header = base64Url('{"alg":"none"}');
    for (const payload of [
      'not base64!',
      'a',
      base64Url('not json'),
      base64Url('[1795000000]'),
      base64Url('null'),
      base64Url('1795000000'),
    ]) {
      expect(expiryFromJwt(`${header}.${payload}.sig`)).toBeNull();
    }
    // Base64url has neither / and + nor padding; bytes that are not UTF-8 are no JSON text.
    expect(expiryFromJwt(`${header}.${base64('{"exp":1795000000,"s":"??"}')}.sig`)).toBeNull();
    expect(expiryFromJwt(`${header}.${base64('{"exp":1795000000,"t":"~~~"}')}.sig`)).toBeNull();
    expect(expiryFromJwt(`${header}.${base64Url('{"exp":1795000000,"s":"???"}')}==.sig`)).toBeNull();
    // The bytes 7b ff fe 7d.
    expect(expiryFromJwt(`${header}.e__-fQ.sig`)).toBeNull();
  });

  it('knows no expiry when exp is not a positive number a Date can hold', () => {
    for (const exp of ['"1795000000"', 'null', 'true', '{}', '[1795000000]', '0', '-1795000000', '1e300', '9e12']) {
      expect(expiryFromJwt(jwt(`{"exp":${exp}}`))).toBeNull();
    }
    expect(expiryFromJwt(jwt('{"usr":"admin"}'))).toBeNull();
  });

  it('reads exp from the payload itself, never from its prototype', () => {
    expect(expiryFromJwt(jwt('{"__proto__":{"exp":1795000000}}'))).toBeNull();
    expect(expiryFromJwt(jwt('{"constructor":{"prototype":{"exp":1795000000}}}'))).toBeNull();
    Object.defineProperty(Object.prototype, 'exp', { value: 1_795_000_000, configurable: true });
    try {
      expect(expiryFromJwt(jwt('{"usr":"admin"}'))).toBeNull();
    } finally {
      delete (Object.prototype as { exp?: number }).exp;
    }
  });
});

describe('sessionFromTokenAnswer', () => {
  it("counts expires_in from the answer's arrival", () => {
    expect(sessionFromTokenAnswer({ access_token: 'opaque', expires_in: 36000, token_type: 'bearer' }, NOW)).toEqual({
      token: 'opaque',
      expiresAt: NOW + 36_000_000,
    });
  });

  it("prefers expires_in to the token's exp, and falls back to exp without a usable expires_in", () => {
    const token = jwt('{"exp":1795000000}');
    expect(sessionFromTokenAnswer({ access_token: token, expires_in: 60 }, NOW)?.expiresAt).toBe(NOW + 60_000);
    expect(sessionFromTokenAnswer({ access_token: token }, NOW)?.expiresAt).toBe(1_795_000_000_000);
    expect(sessionFromTokenAnswer({ access_token: token, expires_in: '60' }, NOW)?.expiresAt).toBe(1_795_000_000_000);
  });

  it('knows no expiry when expires_in is not a positive number and the token no JWT', () => {
    for (const expiresIn of [
      undefined,
      null,
      '3600',
      true,
      {},
      [3600],
      Number.NaN,
      0,
      -3600,
      Number.POSITIVE_INFINITY,
      1e300,
      Number.MAX_VALUE,
    ]) {
      expect(sessionFromTokenAnswer({ access_token: 'opaque', expires_in: expiresIn }, NOW)).toEqual({ token: 'opaque', expiresAt: null });
    }
  });

  it('is null without an access token', () => {
    for (const answer of [null, 'token', [], {}, { access_token: '' }, { access_token: 42, expires_in: 3600 }, { token: 'opaque' }]) {
      expect(sessionFromTokenAnswer(answer, NOW)).toBeNull();
    }
  });

  it("reads the answer's own fields, never its prototype's", () => {
    const answer = JSON.parse('{"__proto__":{"access_token":"planted","expires_in":3600}}');
    expect(sessionFromTokenAnswer(answer, NOW)).toBeNull();
    const inherited = Object.assign(Object.create({ expires_in: 3600 }), { access_token: 'opaque' });
    expect(sessionFromTokenAnswer(inherited, NOW)).toEqual({ token: 'opaque', expiresAt: null });
  });
});

describe('sessionFromToken', () => {
  it("takes a pasted JWT's exp, and knows no expiry for another token", () => {
    expect(sessionFromToken(jwt('{"exp":1795000000}'))).toEqual({ token: jwt('{"exp":1795000000}'), expiresAt: 1_795_000_000_000 });
    expect(sessionFromToken('opaque')).toEqual({ token: 'opaque', expiresAt: null });
  });
});

describe('parseStoredSession', () => {
  it('reads back what the page stored', () => {
    for (const session of [
      { token: 'opaque', expiresAt: null },
      { token: 'opaque', expiresAt: NOW },
    ] satisfies Session[]) {
      expect(parseStoredSession(JSON.stringify(session))).toEqual(session);
    }
  });

  it('is null for anything else', () => {
    for (const text of [
      null,
      '',
      'eyJhbGciOiJIUzI1NiJ9.e30.sig',
      'null',
      '[]',
      '{}',
      '{"token":""}',
      '{"token":42,"expiresAt":null}',
      '{"token":"opaque"}',
      '{"token":"opaque","expiresAt":"1795000000000"}',
      '{"token":"opaque","expiresAt":-1}',
      '{"token":"opaque","expiresAt":1e300}',
      '{"__proto__":{"token":"planted","expiresAt":null}}',
    ]) {
      expect(parseStoredSession(text)).toBeNull();
    }
  });
});

describe('isExpired', () => {
  it('is true from the expiry on, and never without one', () => {
    expect(isExpired({ token: 't', expiresAt: NOW + 1 }, NOW)).toBe(false);
    expect(isExpired({ token: 't', expiresAt: NOW }, NOW)).toBe(true);
    expect(isExpired({ token: 't', expiresAt: NOW - 1 }, NOW)).toBe(true);
    expect(isExpired({ token: 't', expiresAt: null }, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});

describe('expiryCheckDelay', () => {
  it('waits until the expiry, reading the clock again at least every minute, and is 0 once expired', () => {
    expect(expiryCheckDelay(NOW + 1500, NOW)).toBe(1500);
    expect(expiryCheckDelay(NOW + 36_000_000, NOW)).toBe(60_000);
    expect(expiryCheckDelay(NOW, NOW)).toBe(0);
    expect(expiryCheckDelay(NOW - 5000, NOW)).toBe(0);
  });
});
