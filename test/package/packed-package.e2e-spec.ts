import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';

const run = promisify(execFile);
const REPO = resolve(__dirname, '../..');
// Packing (which builds), installing and booting a host take a few seconds each; a cold machine may take many more.
const TIMEOUT = 120_000;

interface PackResult {
  filename: string;
  integrity: string;
  files: { path: string }[];
}

interface LockEntry {
  dependencies?: Record<string, string>;
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/**
 * The host's lockfile: the tarball, and its dependencies at the versions the repository's lockfile pins.
 * `npm ci` then asks only for what the repository's own `npm ci` left in the npm cache, so it works with
 * --offline; `npm install <tarball>` would ask the registry for full package documents the cache lacks.
 */
async function hostLockfile(tarballSpec: string, integrity: string): Promise<object> {
  const pkg = await readJson<{ name: string; version: string; dependencies: Record<string, string> }>(join(REPO, 'package.json'));
  const repoLock = await readJson<{ packages: Record<string, LockEntry> }>(join(REPO, 'package-lock.json'));
  const packages: Record<string, object> = {
    '': { name: 'host', dependencies: { [pkg.name]: tarballSpec } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: tarballSpec, integrity, dependencies: pkg.dependencies },
  };
  // Hoisted, as in the repository, where none of them is nested.
  const pending = Object.keys(pkg.dependencies);
  while (pending.length > 0) {
    const path = `node_modules/${pending.pop()}`;
    if (path in packages) continue;
    packages[path] = repoLock.packages[path];
    pending.push(...Object.keys(repoLock.packages[path].dependencies ?? {}));
  }
  return { name: 'host', lockfileVersion: 3, requires: true, packages };
}

describe('the packed package, installed in a host outside the repository', () => {
  const queuePrefix = uniqueQueuePrefix();
  let scratch: string;
  let packed: PackResult;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'tracking-events-package-'));
    // As from a clean clone: without dist/, only prepack's build can put the library in the tarball.
    // The build also makes dist/sample-app again, for the tests that run the sample.
    await rm(join(REPO, 'dist'), { recursive: true, force: true });
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: REPO });
    [packed] = JSON.parse(stdout) as PackResult[];
  }, TIMEOUT);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    await deleteQueueKeys(queuePrefix);
  });

  it("builds when packed and ships the compiled library, the dashboard's bundle, package.json, README, LICENSE and CHANGELOG, and nothing else", () => {
    const paths = packed.files.map((file) => file.path);
    const shipped = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/dashboard/dashboard.js', 'dist/dashboard/dashboard.css'];
    expect(paths).toEqual(expect.arrayContaining([...shipped, 'dist/src/index.js', 'dist/src/index.d.ts']));
    expect(paths.filter((path) => !path.startsWith('dist/src/') && !shipped.includes(path))).toEqual([]);
    // Source maps would point at src/*.ts, which is not shipped: the build makes none.
    expect(paths.filter((path) => /\.(spec|e2e-spec|fixtures)\.|\.map$/.test(path))).toEqual([]);
  });

  it(
    'installs offline, boots a plain-JS Nest host, answers the admin API, serves the dashboard, and keeps its internals private',
    async () => {
      const host = join(scratch, 'host');
      await mkdir(host);
      const tarballSpec = `file:../${packed.filename}`;
      await writeFile(
        join(host, 'package.json'),
        JSON.stringify({ name: 'host', private: true, dependencies: { 'nestjs-tracking-events': tarballSpec } }),
      );
      await writeFile(join(host, 'package-lock.json'), JSON.stringify(await hostLockfile(tarballSpec, packed.integrity)));
      // The peers (NestJS, TypeORM, BullMQ, better-sqlite3 ...) come from the repository through NODE_PATH,
      // so npm leaves them alone and builds nothing.
      await run('npm', ['ci', '--offline', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: host });
      await copyFile(join(__dirname, 'host-app.cjs'), join(host, 'host-app.cjs'));

      const { stdout } = await run(process.execPath, ['host-app.cjs', REDIS_URL, queuePrefix], {
        cwd: host,
        timeout: 60_000,
        env: { ...process.env, NODE_PATH: join(REPO, 'node_modules') },
      });

      const result = JSON.parse(stdout.trim().split('\n').pop()!);
      expect(result.resolved).toBe(join(await realpath(host), 'node_modules/nestjs-tracking-events/dist/src/index.js'));
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ Meta: expect.objectContaining({ Page: 1, TotalCount: 0 }), Items: [] });
      expect(result.dashboard).toEqual({ status: 200, scriptStatus: 200, scriptType: 'text/javascript; charset=utf-8' });
      expect(result.deepImportError).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    },
    TIMEOUT,
  );
});
