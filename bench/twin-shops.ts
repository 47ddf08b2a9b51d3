// Two sample apps in one Node process, for scenario 1: the built sample app (dist/), once with each
// environment of TWIN_SHOPS (JSON: {"<name>": {ENV: value, …}, …}), each on a port of its own.
// Sharing the process, they share its heap, its JIT and its place on the machine: two processes of
// the same app can differ in speed for their whole life (bench/results/history.md, "Noise in scenario 1").
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type * as SampleConfigModule from '../sample-app/config/sample-config';
import type * as CreateSampleAppModule from '../sample-app/create-sample-app';

const BUILT = join(__dirname, '..', 'dist', 'sample-app');
// The apps run the compiled sample app, as `node dist/sample-app/main.js` does, not this script's on-the-fly compilation.
const { readSampleConfig } = require(join(BUILT, 'config', 'sample-config.js')) as typeof SampleConfigModule;
const { createSampleApp } = require(join(BUILT, 'create-sample-app.js')) as typeof CreateSampleAppModule;

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
    listening.push(`${name}=http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
  }
  process.stdout.write(`twin shops listening: ${listening.join(' ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Twin shops failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
