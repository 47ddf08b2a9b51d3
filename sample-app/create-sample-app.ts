import { INestApplication, LoggerService, LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { SampleConfig } from './config/sample-config';
import { SampleAppModule } from './sample-app.module';

export interface SampleAppOptions {
  logger?: LoggerService | LogLevel[] | false;
}

/** Builds the sample app with its `/v1` prefix (the OAuth endpoint stays at `/oauth/token`, as in OrderCloud). */
export async function createSampleApp(config: SampleConfig, options: SampleAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(SampleAppModule.forRoot(config), {
    logger: options.logger,
    abortOnError: false,
  });
  app.setGlobalPrefix('v1', { exclude: [{ path: 'oauth/token', method: RequestMethod.POST }] });
  app.enableShutdownHooks();
  return app;
}
