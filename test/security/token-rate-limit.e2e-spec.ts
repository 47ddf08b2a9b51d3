import { bodyOf } from '../support/http';
import { BUYER, type RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

/** The sample's `/oauth/token` answers an address that asks too often with 429 in the OAuth shape. */
describe.each(TEST_DATABASES)('Token requests per address ($name)', (database) => {
  let running: RunningSampleApp;
  const requestToken = (password: string) =>
    fetch(`${running.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: BUYER.clientId,
        username: BUYER.username,
        password,
        scope: 'Shopper',
      }),
    });

  beforeAll(async () => {
    running = await startSampleApp(database, { tokenRequestsPerMinute: 3 });
  });

  afterAll(async () => {
    await running?.close();
  });

  it('counts failed and successful requests alike, and answers the one over the limit 429 slow_down with Retry-After', async () => {
    expect((await requestToken('wrong-1')).status).toBe(400);
    expect((await requestToken('wrong-2')).status).toBe(400);
    expect((await requestToken(BUYER.password)).status).toBe(200);

    const refused = await requestToken(BUYER.password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await bodyOf(refused)).toEqual({
      error: 'slow_down',
      error_description: expect.stringMatching(/^Too many token requests from this address: at most 3 a minute\. Try again in \d+ s\.$/),
      Errors: [{ ErrorCode: 'TooManyRequests', Message: expect.any(String), Data: null }],
    });
  });
});
