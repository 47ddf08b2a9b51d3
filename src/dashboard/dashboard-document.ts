/** What the page reads from its document: where the API is, how to sign in, how often to refresh. */
export interface DashboardPageConfig {
  /** Without a trailing slash: the page appends `/integrations/…`. */
  apiBaseUrl: string;
  signIn: { tokenUrl: string; clientId: string } | null;
  bullBoardUrl: string | null;
  refreshSeconds: number;
}

/** The page's document: an empty shell that loads the bundle and hands it its configuration as JSON data. */
export function renderDashboardDocument(config: DashboardPageConfig, assetsUrl: string): string {
  // JSON in a script element ends at the first "</script": "<" is escaped so that no value can close it.
  const configJson = JSON.stringify(config).replace(/</g, '\\u003c');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<title>Tracking deliveries</title>',
    // Without an icon, the browser asks for /favicon.ico, and the host's 404 shows as a console error.
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="${escapeAttribute(`${assetsUrl}/dashboard.css`)}">`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    `<script type="application/json" id="tracking-dashboard-config">${configJson}</script>`,
    `<script type="module" src="${escapeAttribute(`${assetsUrl}/dashboard.js`)}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/**
 * The headers of every dashboard response. The page runs only its own bundle, talks only to its own origin
 * and the API's and sign-in endpoint's origins, and cannot be framed.
 */
export function dashboardSecurityHeaders(config: DashboardPageConfig): Record<string, string> {
  const apiOrigins = [config.apiBaseUrl, config.signIn?.tokenUrl].flatMap((url) =>
    url && /^https?:\/\//.test(url) ? [new URL(url).origin] : [],
  );
  const connectSources = ["'self'", ...new Set(apiOrigins)].join(' ');
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src ${connectSources}`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
