import { INestApplicationContext, Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RedisUnavailableError, startWorkersInThread } from '../src';
import { DEV_JWT_SECRET, readSampleConfig, redisForLogs } from './config/sample-config';
import { createSampleApp, createSampleWorker } from './create-sample-app';
import { startLocalRedisIfNone } from './local-redis';
import { DELIVERY_DASHBOARD_ROUTE } from './sample-app.module';

/** `node dist/sample-app/main.js` serves the shop; with `--worker` it runs only the queue workers. */
async function main(): Promise<void> {
  const logger = new Logger('SampleApp');
  const config = readSampleConfig();
  if (process.env.REDIS_URL === undefined && config.redisClusterNodes === undefined) {
    const started = await startLocalRedisIfNone();
    if (started)
      logger.log(
        `No Redis on 127.0.0.1:${started.port}: started one for the sample app (data in ${started.directory}, stopped with the app).`,
      );
  }
  const database = config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';

  if (process.argv.includes('--worker')) {
    const worker = await createSampleWorker(config, { holdStartupLogs: true, shutdownHooks: false });
    closeOnSignals(worker);
    worker.flushLogs();
    logger.log(`Worker running the tracking event queues (${database}, Redis ${redisForLogs(config)})`);
    return;
  }
  const app = await createSampleApp(config, { holdStartupLogs: true, shutdownHooks: false });
  closeOnSignals(app);
  // Every interface, as Express does by default; Fastify would listen on localhost only.
  await (config.httpAdapter === 'fastify' ? app.listen(config.port, '0.0.0.0') : app.listen(config.port));
  app.flushLogs();
  if (config.runWorkers === 'thread') await startWorkersInThread(app, join(__dirname, 'workers-thread.js'));
  // The port it listens on (PORT=0 picks a free one).
  const { port } = app.getHttpServer().address() as AddressInfo;
  const queues = config.httpAdapter === 'express' ? `queues at http://localhost:${port}/admin/queues` : 'no queue dashboard on Fastify';
  logger.log(
    `Sample shop on http://localhost:${port}/v1 (${database}, ${config.httpAdapter}); admin API at /v1/integrations/TrackingEvents; ` +
      `API docs at http://localhost:${port}/api-docs; delivery dashboard at http://localhost:${port}${DELIVERY_DASHBOARD_ROUTE}; ` +
      `${queues}; ${WORKERS_HERE[String(config.runWorkers)]}`,
  );
  if (config.jwtSecret === DEV_JWT_SECRET) logger.warn('JWT_SECRET is not set: tokens are signed with the development secret.');
  if (config.seedDemo && process.env.NODE_ENV === 'production') {
    logger.warn('SEED_DEMO=true under NODE_ENV=production: the demo users and their public passwords are in the database.');
  }
}

/** Where RUN_WORKERS puts the queue workers, for the start-up line. */
const WORKERS_HERE: Record<string, string> = {
  thread: 'workers in a thread of this process',
  true: 'workers on its own thread (RUN_WORKERS=true)',
  false: 'workers off (RUN_WORKERS=false): a worker process delivers',
};

/** SIGTERM or SIGINT: the app closes (deliveries in flight finish), then the process exits, and with it its own Redis. */
function closeOnSignals(app: INestApplicationContext): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void app.close().finally(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  // One line a person can act on, not a stack trace.
  const hint = error instanceof RedisUnavailableError ? ' (the sample app takes it from REDIS_URL or REDIS_CLUSTER_NODES)' : '';
  console.error(`Sample app failed to start: ${error instanceof Error ? error.message : String(error)}${hint}`);
  process.exit(1);
});
