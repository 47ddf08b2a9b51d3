import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import type { ResolvedDashboardSettings, TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { loadDashboardAssets } from './dashboard-assets';
import { dashboardSecurityHeaders, DashboardPageConfig, renderDashboardDocument } from './dashboard-document';

const CACHED_FOR_GOOD = 'public, max-age=31536000, immutable';

/**
 * Serves the delivery dashboard (the `dashboard` setting) on the host's HTTP server, Express or Fastify,
 * outside its global prefix, as Swagger UI is. The page holds no data: it reads the admin API with the
 * signed-in admin's token.
 */
@Injectable()
export class DashboardServer implements OnModuleInit {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

  constructor(
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
    private readonly adapterHost: HttpAdapterHost,
    private readonly applicationConfig: ApplicationConfig,
  ) {}

  // Before the app starts listening: Fastify takes no routes once it is ready.
  onModuleInit(): void {
    const dashboard = this.settings.dashboard;
    if (!dashboard) return;
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) {
      this.logger.warn('The dashboard setting is on, but this app has no HTTP server (an application context): the page is not served.');
      return;
    }
    const assets = loadDashboardAssets();
    const config = this.pageConfig(dashboard);
    const assetsUrl = `${dashboard.path}/assets/${assets.version}`;
    const document = renderDashboardDocument(config, assetsUrl);
    const headers = dashboardSecurityHeaders(config);

    const serve = (body: string, contentType: string, cacheControl: string) => (_request: unknown, response: unknown) => {
      for (const [name, value] of Object.entries({ ...headers, 'Content-Type': contentType, 'Cache-Control': cacheControl }))
        adapter.setHeader(response, name, value);
      adapter.reply(response, body, 200);
    };
    const page = serve(document, 'text/html; charset=utf-8', 'no-store');
    adapter.get(dashboard.path, page);
    adapter.get(`${dashboard.path}/`, page);
    adapter.get(`${assetsUrl}/dashboard.js`, serve(assets.script, 'text/javascript; charset=utf-8', CACHED_FOR_GOOD));
    adapter.get(`${assetsUrl}/dashboard.css`, serve(assets.stylesheet, 'text/css; charset=utf-8', CACHED_FOR_GOOD));
    this.logger.log(`Delivery dashboard at ${dashboard.path}, reading the admin API at ${config.apiBaseUrl || '/'}`);
  }

  private pageConfig(dashboard: ResolvedDashboardSettings): DashboardPageConfig {
    const prefix = this.applicationConfig.getGlobalPrefix().replace(/^\/+|\/+$/g, '');
    return {
      apiBaseUrl: (dashboard.apiBaseUrl ?? (prefix ? `/${prefix}` : '')).replace(/\/+$/, ''),
      signIn: dashboard.signIn,
      bullBoardUrl: dashboard.bullBoardUrl,
      refreshSeconds: dashboard.refreshSeconds,
    };
  }
}
