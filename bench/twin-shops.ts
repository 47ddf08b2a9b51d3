// Two sample apps in one Node process, for scenario 1: the built sample app (dist/), once with each
// environment of TWIN_SHOPS (JSON: {"<name>": {ENV: value, …}, …}), each on a port of its own.
// Sharing the process, they share its heap, its JIT and its place on the machine: two processes of
// the same app can differ in speed for their whole life (bench/results/history.md, "Noise in scenario 1").
// A third port answers the process's event-loop delay (`GET /event-loop`: since the last call, in ms).
import type { INestApplication } from '@nestjs/common';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import type * as SampleConfigModule from '../sample-app/config/sample-config';
import type * as CreateSampleAppModule from '../sample-app/create-sample-app';
import type * as LibraryModule from '../src';

const BUILT = join(__dirname, '..', 'dist', 'sample-app');
// The apps run the compiled sample app, as `node dist/sample-app/main.js` does, not this script's on-the-fly compilation.
const { readSampleConfig } = require(join(BUILT, 'config', 'sample-config.js')) as typeof SampleConfigModule;
const { createSampleApp } = require(join(BUILT, 'create-sample-app.js')) as typeof CreateSampleAppModule;
const { startWorkersInThread } = require(join(BUILT, '..', 'src', 'index.js')) as typeof LibraryModule;

async function main(): Promise<void> {
  const environments = JSON.parse(process.env.TWIN_SHOPS ?? '{}') as Record<string, Record<string, string>>;
  const apps: INestApplication[] = [];
  const closeAll = async () => {
    await Promise.all(apps.map((app) => app.close()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void closeAll());
  const listening: string[] = [];
  for (const [name, environment] of Object.entries(environments)) {
    const config = readSampleConfig({ ...process.env, ...environment });
    const app = await createSampleApp(config, { logger: ['error', 'warn'], shutdownHooks: false });
    apps.push(app);
    await app.listen(config.port, '127.0.0.1');
    // As main.ts does; the thread reads its app's environment, not this process's.
    if (config.runWorkers === 'thread') {
      await startWorkersInThread(app, join(BUILT, 'workers-thread.js'), { env: { ...process.env, ...environment } });
    }
    listening.push(`${name}=http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
  }
  process.stdout.write(`twin shops listening: ${listening.join(' ')} | event loop: ${await serveEventLoopDelay()}\n`);
}

/** Serves the event loop's delay since the previous request (p50, p99 and max, ms); resolves to its URL. */
async function serveEventLoopDelay(): Promise<string> {
  // 5 ms: fine enough for the pauses that matter to a request's p99, cheap for the loop it measures.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const server = createServer((_request, response) => {
    const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;
    const body = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) };
    delay.reset();
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/event-loop`;
}

main().catch((error: unknown) => {
  process.stderr.write(`Twin shops failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
