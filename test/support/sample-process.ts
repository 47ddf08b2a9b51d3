import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SampleConfig } from '../../sample-app/config/sample-config';

// TEST_SAMPLE_APP_DIST: a build elsewhere (test/compat builds one that loads the oldest supported majors).
const MAIN = join(process.env.TEST_SAMPLE_APP_DIST ?? join(__dirname, '..', '..', 'dist'), 'sample-app', 'main.js');

/** The built sample app running as a process of its own, which a test can kill. */
export interface SampleProcess {
  pid: number;
  /** `http://127.0.0.1:<port>` for the HTTP mode. */
  baseUrl?: string;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** What it printed, for a failing test's message. */
  output(): string;
}

/** The environment that starts the sample app with a test's config (database, Redis, queue prefix, settings). */
export function sampleEnvironment(config: SampleConfig): Record<string, string> {
  const database =
    config.database.type === 'sqlite'
      ? `sqlite:${config.database.path}`
      : `${config.database.url}${config.database.schema ? `${config.database.url.includes('?') ? '&' : '?'}schema=${config.database.schema}` : ''}`;
  return {
    PORT: '0',
    DATABASE_URL: database,
    REDIS_URL: config.redisUrl,
    ...(config.redisClusterNodes ? { REDIS_CLUSTER_NODES: config.redisClusterNodes.join(',') } : {}),
    QUEUE_PREFIX: config.queuePrefix ?? 'bull',
    RUN_WORKERS: String(config.runWorkers),
    TRACKING_ENABLED: String(config.trackingEnabled),
    JWT_SECRET: config.jwtSecret,
    AUDIT_LOG_DIR: config.auditLogDir,
    OAUTH_RATE_LIMIT: String(config.tokenRequestsPerMinute),
    ALLOW_PRIVATE_TARGETS: String(config.allowPrivateTargets),
    ECHO_RESPONSE_BODIES: String(config.echoResponseBodies),
    TRACKING_EVENTS_SETTINGS: JSON.stringify({
      delivery: config.delivery,
      reliability: config.reliability,
      circuitBreaker: config.circuitBreaker,
      kafka: config.kafka,
    }),
  };
}

/** Starts `node dist/sample-app/main.js` (`--worker` for a worker process) and waits until it is up. */
export async function startSampleProcess(environment: Record<string, string>, mode: 'http' | 'worker'): Promise<SampleProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the sample app first (npm run build; npm test does it).`);
  const child: ChildProcess = spawn(process.execPath, [MAIN, ...(mode === 'worker' ? ['--worker'] : [])], {
    env: { ...process.env, ...environment, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<string | undefined>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const http = /Sample shop on http:\/\/localhost:(\d+)\/v1/.exec(output);
      if (http) resolve(`http://127.0.0.1:${http[1]}`);
      else if (mode === 'worker' && output.includes('Worker running')) resolve(undefined);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The sample app exited (${code}) before it was up:\n${output}`)));
    setTimeout(() => reject(new Error(`The sample app was not up within 30 s:\n${output}`)), 30_000).unref();
  });
  const baseUrl = await ready;
  return {
    pid: child.pid!,
    baseUrl,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
