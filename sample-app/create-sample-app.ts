import { DynamicModule, INestApplication, INestApplicationContext, LoggerService, LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse as parseForm } from 'qs';
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
 * OrderCloud, the queue dashboard at `/admin/queues`, Swagger UI at `/api-docs`, the probes at
 * `/health/live` and `/health/ready`, and the metrics at `/metrics`.
 */
export async function createSampleApp(config: SampleConfig, options: SampleAppOptions = {}): Promise<INestApplication> {
  const module = SampleAppModule.forRoot(config, 'http');
  const app =
    config.httpAdapter === 'fastify' ? await createOnFastify(module, options) : await NestFactory.create(module, nestOptions(options));
  app.setGlobalPrefix('v1', {
    exclude: [
      { path: 'oauth/token', method: RequestMethod.POST },
      { path: `${QUEUE_BOARD_ROUTE.slice(1)}/{*path}`, method: RequestMethod.ALL },
      { path: QUEUE_BOARD_ROUTE.slice(1), method: RequestMethod.ALL },
      ...OBSERVABILITY_ROUTES.map((path) => ({ path, method: RequestMethod.GET })),
    ],
  });
  serveApiDocs(app);
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  return app;
}

/**
 * Swagger UI at `/api-docs` (the document itself at `/api-docs-json`): the library's admin API routes
 * carry their OpenAPI description, so the host's document includes them with the host's own routes.
 */
function serveApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Sample shop')
    .setDescription('The sample shop, with the tracking events admin API under /v1/integrations.')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An access token from POST /oauth/token.' })
    .build();
  SwaggerModule.setup('api-docs', app, () => SwaggerModule.createDocument(app, config));
}

/** What Express does by default, on Fastify too: bodies up to 100 kB, forms in the extended syntax (`a[b]=1`). */
const EXPRESS_BODY_LIMIT = 100 * 1024;
const EXPRESS_FORM_OPTIONS = { allowPrototypes: true, depth: 32, strictDepth: true, parameterLimit: 1000, throwOnLimitExceeded: true };

/**
 * The app on Fastify (HTTP_ADAPTER=fastify). Its router matches paths in any case, as Express does:
 * OrderCloud paths are case-insensitive, and the library refuses to boot otherwise. Path parameters may
 * be longer than Fastify's 100 characters, so that an over-long ID gets the API's own refusal.
 */
async function createOnFastify(module: DynamicModule, options: SampleAppOptions): Promise<NestFastifyApplication> {
  // Loaded only here: an Express deployment does not need the package.
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const adapter = new FastifyAdapter({ routerOptions: { caseSensitive: false, maxParamLength: 1000 }, bodyLimit: EXPRESS_BODY_LIMIT });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, nestOptions(options));
  app.useBodyParser('application/x-www-form-urlencoded', {}, (_request, body, done) => {
    try {
      done(null, parseForm(body.toString(), EXPRESS_FORM_OPTIONS));
    } catch {
      // Too deep or too many fields: a 400, answered as any unparseable body.
      done(Object.assign(new Error('The form body is nested too deeply or has too many fields.'), { statusCode: 400 }), undefined);
    }
  });
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
