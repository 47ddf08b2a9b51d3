import { INestApplication, INestApplicationContext, LoggerService, LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { SampleConfig } from './config/sample-config';
import { OBSERVABILITY_ROUTES } from './operations/observability.module';
import { QUEUE_BOARD_ROUTE } from './operations/queue-board.module';
import { SampleAppModule } from './sample-app.module';

export interface SampleAppOptions {
  logger?: LoggerService | LogLevel[] | false;
  /** Hold the start-up logs until `flushLogs()`: a failed start then prints only its reason. */
  holdStartupLogs?: boolean;
  /** Close the app on SIGTERM and SIGINT (default true); off where a process holding several apps closes them itself. */
  shutdownHooks?: boolean;
}

function nestOptions(options: SampleAppOptions) {
  return { logger: options.logger, abortOnError: false, bufferLogs: options.holdStartupLogs, autoFlushLogs: !options.holdStartupLogs };
}

/**
 * Builds the sample app with its `/v1` prefix. The OAuth endpoint stays at `/oauth/token`, as in
 * OrderCloud, the queue dashboard at `/admin/queues`, the probes at `/health/live` and `/health/ready`,
 * and the metrics at `/metrics`.
 */
export async function createSampleApp(config: SampleConfig, options: SampleAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(SampleAppModule.forRoot(config, 'http'), nestOptions(options));
  app.setGlobalPrefix('v1', {
    exclude: [
      { path: 'oauth/token', method: RequestMethod.POST },
      { path: `${QUEUE_BOARD_ROUTE.slice(1)}/{*path}`, method: RequestMethod.ALL },
      { path: QUEUE_BOARD_ROUTE.slice(1), method: RequestMethod.ALL },
      ...OBSERVABILITY_ROUTES.map((path) => ({ path, method: RequestMethod.GET })),
    ],
  });
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  return app;
}

/** The worker-only process: no HTTP server, just the queue workers (scale them apart from the API). */
export async function createSampleWorker(config: SampleConfig, options: SampleAppOptions = {}): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(SampleAppModule.forRoot(config, 'worker'), nestOptions(options));
  if (options.shutdownHooks !== false) worker.enableShutdownHooks();
  try {
    return await worker.init();
  } catch (error) {
    await worker.close();
    throw error;
  }
}
