import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Auth } from 'ordercloud-javascript-sdk';
import { sdkFailure } from '../support/ordercloud-error';
import { REDIS_URL } from '../support/redis';
import { ADMIN, BUYER, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

const ROOT = join(__dirname, '..', '..');

/** Runs `sample-app/main.ts` from source (no build needed) and gathers what it printed and its exit code. */
function runSampleMain(environment: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { JWT_SECRET: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'sample-app', 'main.ts')], {
    cwd: ROOT,
    env: { ...inherited, NO_COLOR: '1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    // An app that starts instead of refusing is stopped, and the test sees it still running.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('The sample app under NODE_ENV=production', () => {
  it('refuses to start without JWT_SECRET, in one line naming the variable and the fix', async () => {
    const { code, output } = await runSampleMain({
      NODE_ENV: 'production',
      PORT: '0',
      DATABASE_URL: 'sqlite::memory:',
      REDIS_URL,
      QUEUE_PREFIX: 'te-test-production-mode',
    });
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      'Sample app failed to start: JWT_SECRET is not set, and NODE_ENV=production does not sign tokens with the development secret. ' +
        'Fix: set JWT_SECRET to a long random value shared by every process, e.g. the output of `openssl rand -hex 32`.',
    );
  });
});

describe.each(TEST_DATABASES)('The sample app without demo data ($name)', (database) => {
  let running: RunningSampleApp;

  beforeAll(async () => {
    // What NODE_ENV=production gets unless SEED_DEMO=true.
    running = await startSampleApp(database, { seedDemo: false });
    useSdkAgainst(running);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('has none of the demo API clients or users with their public passwords', async () => {
    for (const user of [ADMIN, BUYER]) {
      const failure = await sdkFailure(Auth.Login(user.username, user.password, user.clientId));
      expect(failure.status).toBe(401);
      expect(failure.errorCode).toBe('Auth.InvalidClientID');
    }
  });
});
