import { RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';
import { bodyOf } from '../support/http';

/** The sample serves Swagger UI over its whole API, the library's admin API included. */
describe.each(TEST_DATABASES.slice(0, 1))('Swagger UI of the sample app ($name)', (database) => {
  let running: RunningSampleApp;

  beforeAll(async () => {
    running = await startSampleApp(database);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('is served at /api-docs, with its assets from the installed package', async () => {
    const page = await fetch(`${running.baseUrl}/api-docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    const bundle = await fetch(`${running.baseUrl}/api-docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });

  it("describes the admin API's routes under the sample's /v1 prefix, with the bearer token", async () => {
    const response = await fetch(`${running.baseUrl}/api-docs-json`);
    expect(response.status).toBe(200);
    const document = await bodyOf(response);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/integrations/TrackingEvents',
        '/v1/integrations/TrackingEvents/{id}',
        '/v1/integrations/deliveryconfig',
        '/v1/integrations/deadletters',
        '/v1/integrations/deliveryattempts',
        '/v1/integrations/deliverycircuits',
      ]),
    );
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/v1/integrations/deliveryconfig'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/DeliveryConfig',
    });
    expect(document.components.schemas.HttpConfig.properties.Secret.writeOnly).toBe(true);
  });
});
