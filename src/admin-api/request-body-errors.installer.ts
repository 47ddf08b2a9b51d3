import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createRequestBodyErrorMiddleware } from '../common/errors';

const ADMIN_API_PATH = /\/integrations\/(trackingevents|deliveryconfig|deadletters|deliveryattempts|deliverycircuits)(\/|$)/i;

/**
 * Installs the Express error middleware that answers unparseable request bodies on the admin API in
 * the OrderCloud shape. It runs at module init, after Nest registered the routes and before its own
 * final error handler, so it sees exactly the body-parser errors of these paths.
 */
@Injectable()
export class RequestBodyErrorsInstaller implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    // No HTTP server (a worker-only application context) or another adapter: nothing to install.
    if (adapter?.getType() !== 'express') return;
    adapter.use(createRequestBodyErrorMiddleware((path) => ADMIN_API_PATH.test(path)));
  }
}
