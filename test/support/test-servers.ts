// Jest's global setup and teardown: the run's own Redis and PostgreSQL, unless TEST_REDIS_URL /
// TEST_POSTGRES_URL point it at servers that run already.
import { PrivateServer, startRunPostgres, startRunRedis } from './private-servers';

const running: PrivateServer[] = [];

function stopAll(): void {
  while (running.length > 0) running.pop()!.stopNow();
}

/** Also when the run is interrupted: the servers and their directories go with it, and so does the run. */
function stopOnSignal(signal: NodeJS.Signals, exitCode: number): void {
  process.once(signal, () => {
    stopAll();
    process.exit(exitCode);
  });
}

export async function startTestServers(): Promise<void> {
  process.once('exit', stopAll);
  stopOnSignal('SIGINT', 130);
  stopOnSignal('SIGTERM', 143);
  try {
    if (!process.env.TEST_REDIS_URL) {
      const redis = await startRunRedis();
      running.push(redis);
      process.env.TEST_REDIS_URL = redis.url;
    }
    const databases = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',');
    if (!process.env.TEST_POSTGRES_URL && databases.includes('postgres')) {
      const postgres = await startRunPostgres();
      running.push(postgres);
      process.env.TEST_POSTGRES_URL = postgres.url;
    }
  } catch (error) {
    stopAll();
    // One line, not a stack: what is missing and how to fix it.
    console.error(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
}

export async function stopTestServers(): Promise<void> {
  stopAll();
}
