import { FORBIDDEN, SESSION_EXPIRED, apiErrorMessage, parseJsonBody, signInErrorMessage, unreachableMessage } from './api-errors';
import type { ApiErrorResponse } from './types';

describe('apiErrorMessage', () => {
  it('explains 401 and 403', () => {
    const forbidden = { Errors: [{ ErrorCode: 'Auth.InsufficientRoles', Message: 'no' }] } satisfies ApiErrorResponse;
    expect(apiErrorMessage(401, null)).toBe(SESSION_EXPIRED);
    expect(apiErrorMessage(403, forbidden)).toBe(FORBIDDEN);
  });

  it("shows OrderCloud's first Message", () => {
    const notFound = { Errors: [{ ErrorCode: 'NotFound', Message: 'Dead letter not found.', Data: null }] } satisfies ApiErrorResponse;
    expect(apiErrorMessage(404, notFound)).toBe('Dead letter not found.');
  });

  it('falls back to the status', () => {
    expect(apiErrorMessage(502, null)).toBe('The API answered with HTTP 502.');
    expect(apiErrorMessage(500, { Errors: [] } satisfies ApiErrorResponse)).toBe('The API answered with HTTP 500.');
    expect(apiErrorMessage(500, 'oops')).toBe('The API answered with HTTP 500.');
  });
});

describe('signInErrorMessage', () => {
  it("shows OAuth's error_description, else OrderCloud's Message", () => {
    expect(signInErrorMessage(400, { error: 'invalid_grant', error_description: 'Invalid username or password' })).toBe(
      'Invalid username or password',
    );
    expect(signInErrorMessage(400, { Errors: [{ ErrorCode: 'Auth.InvalidUsernameOrPassword', Message: 'Bad credentials' }] })).toBe(
      'Bad credentials',
    );
    expect(signInErrorMessage(400, { error: 'invalid_client' })).toBe('Sign-in refused: invalid_client.');
    expect(signInErrorMessage(503, null)).toBe('Sign-in failed with HTTP 503.');
  });
});

describe('unreachableMessage', () => {
  it('names the API base', () => {
    expect(unreachableMessage('/v1')).toBe('Cannot reach the API at /v1: is the server running?');
  });
});

describe('parseJsonBody', () => {
  it('parses JSON and ignores anything else', () => {
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonBody('')).toBeNull();
    expect(parseJsonBody('<html>')).toBeNull();
  });
});
