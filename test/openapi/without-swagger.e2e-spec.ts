import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';

const run = promisify(execFile);
const REPO = resolve(__dirname, '../..');

/**
 * `@nestjs/swagger` is an optional peer. The built library (dist/, as `npm run build` leaves it) boots in the
 * plain host of the package test, with the package unresolvable, and answers the admin API.
 */
describe('the library without @nestjs/swagger', () => {
  const queuePrefix = uniqueQueuePrefix();

  afterAll(() => deleteQueueKeys(queuePrefix));

  it('boots and serves the admin API, the OpenAPI decorators doing nothing', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--require', join(__dirname, 'hide-swagger.cjs'), join(REPO, 'test/package/host-app.cjs'), REDIS_URL, queuePrefix],
      { cwd: REPO, timeout: 60_000 },
    );
    // The library asked for the package, and went on without it.
    expect(stderr).toContain('hidden: @nestjs/swagger');
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result.resolved).toBe(join(REPO, 'dist/src/index.js'));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ Meta: expect.objectContaining({ Page: 1, TotalCount: 0 }), Items: [] });
  });
});
