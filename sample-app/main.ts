import { Logger } from '@nestjs/common';
import { DEV_JWT_SECRET, readSampleConfig } from './config/sample-config';
import { createSampleApp } from './create-sample-app';

async function main(): Promise<void> {
  const logger = new Logger('SampleApp');
  const config = readSampleConfig();
  if (config.jwtSecret === DEV_JWT_SECRET) logger.warn('JWT_SECRET is not set: tokens are signed with the development secret.');
  const app = await createSampleApp(config);
  await app.listen(config.port);
  const database = config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
  logger.log(`Sample shop on http://localhost:${config.port}/v1 (${database}); admin API at /v1/integrations/TrackingEvents`);
}

main().catch((error: unknown) => {
  // One line a person can act on, not a stack trace.
  console.error(`Sample app failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
