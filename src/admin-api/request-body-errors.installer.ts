import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createRequestBodyErrorMiddleware } from '../common/errors';
import { createFastifyRequestBodyHook } from '../common/validation';
import { CaseSensitiveRoutesError } from './case-sensitive-routes.error';

const ADMIN_API_PATH = /\/integrations\/(trackingevents|deliveryconfig|deadletters|deliveryattempts|deliverycircuits)(\/|$)/i;

/** The Fastify instance, as far as the library uses it (Fastify is the host's choice, not a dependency). */
interface FastifyInstanceLike {
  initialConfig: { caseSensitive?: boolean; routerOptions?: { caseSensitive?: boolean } };
  addHook(name: 'onRoute', hook: ReturnType<typeof createFastifyRequestBodyHook>): unknown;
}

/**
 * Answers unparseable request bodies on the admin API in the OrderCloud shape, on Express and Fastify.
 * Such errors happen before routing, where the controllers' filter cannot see them.
 */
@Injectable()
export class RequestBodyErrorsInstaller implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * Fastify: called before Nest registers the routes, so that the admin API's routes get their body
   * check and error handler; and the router has to match paths in any case, as Express does.
   */
  installBeforeRoutes(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyInstanceLike>();
    // `routerOptions` is where Fastify 5 keeps it; the top-level option, read only without them, is the
    // older spelling (reading it warns of its deprecation).
    const config = fastify.initialConfig;
    const caseSensitive = config.routerOptions ? config.routerOptions.caseSensitive : config.caseSensitive;
    if (caseSensitive !== false) throw new CaseSensitiveRoutesError();
    fastify.addHook(
      'onRoute',
      createFastifyRequestBodyHook((path) => ADMIN_API_PATH.test(path)),
    );
  }

  /**
   * Express: the error middleware goes in after Nest registered the routes and before its own final
   * error handler, so that it sees exactly the body-parser errors of these paths.
   */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    // No HTTP server (a worker-only application context) or another adapter: nothing to install.
    if (adapter?.getType() !== 'express') return;
    adapter.use(createRequestBodyErrorMiddleware((path) => ADMIN_API_PATH.test(path)));
  }
}
