import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { TEST_HTTP_ADAPTER } from '../support/http-adapter';
import { SQLITE, type TestDatabaseInstance } from '../support/test-databases';
import { startTestHost, TestHost } from '../support/test-host';

/** How a host serves the dashboard, without a browser: off by default, at its path, under the host's global prefix. */
describe(`Serving the delivery dashboard (${TEST_HTTP_ADAPTER})`, () => {
  const queuePrefix = uniqueQueuePrefix();
  let instance: TestDatabaseInstance;
  const hosts: TestHost[] = [];

  const start = async (options: Partial<Parameters<typeof startTestHost>[1]>) => {
    const host = await startTestHost(instance, { queuePrefix, workers: false, ...options });
    hosts.push(host);
    await host.app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${host.app.getHttpServer().address().port}`;
  };
  const configOf = (html: string) =>
    JSON.parse(/<script type="application\/json" id="tracking-dashboard-config">(.*?)<\/script>/s.exec(html)![1].replace(/\\u003c/g, '<'));

  beforeAll(async () => {
    instance = await SQLITE.create();
  });

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
  });

  afterAll(async () => {
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it('serves nothing unless the host turns it on', async () => {
    const origin = await start({ dashboard: { path: '/ops/deliveries' } });
    expect((await fetch(`${origin}/ops/deliveries`)).status).toBe(404);
    expect((await fetch(`${origin}/admin/tracking`)).status).toBe(404);
  });

  it("serves the page at the host's path, reading the admin API under the app's global prefix", async () => {
    const origin = await start({
      globalPrefix: 'api',
      dashboard: { enabled: true, path: '/ops/deliveries', signIn: { tokenUrl: '/oauth/token', clientId: 'admin-ui' }, refreshSeconds: 15 },
    });
    for (const path of ['/ops/deliveries', '/ops/deliveries/']) {
      const page = await fetch(`${origin}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      const html = await page.text();
      expect(configOf(html)).toEqual({
        apiBaseUrl: '/api',
        signIn: { tokenUrl: '/oauth/token', clientId: 'admin-ui' },
        bullBoardUrl: null,
        refreshSeconds: 15,
      });
      const [, assets] = /href="(\/ops\/deliveries\/assets\/[^/"]+)\/dashboard\.css"/.exec(html)!;
      const stylesheet = await fetch(`${origin}${assets}/dashboard.css`);
      expect(stylesheet.status).toBe(200);
      expect(stylesheet.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect((await fetch(`${origin}${assets}/dashboard.js`)).status).toBe(200);
    }
    // Another version's bundle is not this one.
    expect((await fetch(`${origin}/ops/deliveries/assets/old-version/dashboard.js`)).status).toBe(404);
    // The admin API is where the page looks for it.
    expect((await fetch(`${origin}/api/integrations/deliverystats`)).status).toBe(200);
  });

  it('reads an API served elsewhere, and lets the page connect to it', async () => {
    const origin = await start({ dashboard: { enabled: true, apiBaseUrl: 'https://api.shop.example/v1/' } });
    const page = await fetch(`${origin}/admin/tracking`);
    expect(configOf(await page.text())).toMatchObject({ apiBaseUrl: 'https://api.shop.example/v1', signIn: null });
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' https://api.shop.example;");
  });
});
