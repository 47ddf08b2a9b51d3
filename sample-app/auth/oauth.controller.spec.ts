import { OAuthError } from './oauth-error';
import { readTokenRequest } from './oauth.controller';

describe('readTokenRequest', () => {
  it('keeps the OAuth fields given as strings and drops everything else', () => {
    expect(readTokenRequest({ grant_type: 'password', username: 'u', password: 'p', scope: 'A B', other: 1, client_id: null })).toEqual({
      grant_type: 'password',
      username: 'u',
      password: 'p',
      scope: 'A B',
    });
    expect(readTokenRequest(undefined)).toEqual({});
  });

  it.each([
    [{ password: 2026 }, 'password'],
    [{ username: { a: '1' } }, 'username'],
    [{ scope: ['FullAccess'] }, 'scope'],
    [{ anonuserid: ['beacon'] }, 'anonuserid'],
    [{ grant_type: true }, 'grant_type'],
  ])('refuses %j with invalid_request naming %s', (body, field) => {
    const refusal = (() => {
      try {
        readTokenRequest(body);
      } catch (error) {
        return error as OAuthError;
      }
      throw new Error('expected a refusal');
    })();
    expect(refusal).toBeInstanceOf(OAuthError);
    expect(refusal.getStatus()).toBe(400);
    expect(refusal.getResponse()).toMatchObject({ error: 'invalid_request', error_description: `${field} must be a string.` });
  });

  it.each(['username', 'client_id', 'password'])('refuses the NUL character in %s with invalid_request', (field) => {
    expect(() => readTokenRequest({ grant_type: 'password', [field]: 'a\u0000' })).toThrow(
      expect.objectContaining({
        response: expect.objectContaining({ error: 'invalid_request', error_description: `${field} must not hold the NUL character.` }),
      }),
    );
  });

  it('refuses a body that is not an object', () => {
    for (const body of [['grant_type'], 'grant_type=password', 7]) expect(() => readTokenRequest(body)).toThrow(OAuthError);
  });

  it('reads only own fields, never inherited ones', () => {
    expect(readTokenRequest(Object.create({ password: 'inherited' }))).toEqual({});
  });
});
