import { dashboardSecurityHeaders, DashboardPageConfig, renderDashboardDocument } from './dashboard-document';

describe('the dashboard document', () => {
  const config: DashboardPageConfig = { apiBaseUrl: '/v1', signIn: null, bullBoardUrl: null, refreshSeconds: 5 };
  const configIn = (html: string) =>
    JSON.parse(/<script type="application\/json" id="tracking-dashboard-config">(.*?)<\/script>/s.exec(html)![1]);

  it('hands the page its configuration as JSON data, and loads only the bundle', () => {
    const html = renderDashboardDocument(config, '/admin/tracking/assets/abc');
    expect(configIn(html)).toEqual(config);
    expect(html).toContain('<script type="module" src="/admin/tracking/assets/abc/dashboard.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/admin/tracking/assets/abc/dashboard.css">');
    // Every script of the document is the bundle or data: nothing inline runs.
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('keeps a value that holds markup inside the JSON', () => {
    const hostile = { ...config, signIn: { tokenUrl: '/oauth/token', clientId: '</script><script>alert(1)</script>' } };
    const html = renderDashboardDocument(hostile, '/admin/tracking/assets/abc');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(configIn(html)).toEqual(hostile);
  });

  it("allows connections to the page's own origin only, unless the API or sign-in endpoint is elsewhere", () => {
    expect(dashboardSecurityHeaders(config)['Content-Security-Policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const elsewhere = dashboardSecurityHeaders({
      ...config,
      apiBaseUrl: 'https://api.shop.example/v1',
      signIn: { tokenUrl: 'https://api.shop.example/oauth/token', clientId: 'admin' },
    });
    expect(elsewhere['Content-Security-Policy']).toContain("connect-src 'self' https://api.shop.example;");
    expect(elsewhere).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  });
});
