// Private Redis and PostgreSQL servers for the test run, started from the installed binaries on free
// ports in temporary directories, so that the suite needs nothing running and touches no one's data.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { waitUntilListening } from '../../sample-app/local-redis';
import { waitFor } from './wait-for';

/** How to install a missing server, on Debian/Ubuntu and with Homebrew. */
const INSTALL_HINTS = {
  'redis-server': 'apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS)',
  postgres: 'apt-get install postgresql (Debian/Ubuntu) or brew install postgresql@16 (macOS)',
};

export class MissingServerBinaryError extends Error {
  constructor(binary: string, install: string) {
    super(
      `The tests start a private ${binary} and found none installed. Fix: ${install}, or point TEST_REDIS_URL / TEST_POSTGRES_URL at running servers.`,
    );
    this.name = this.constructor.name;
  }
}

export interface PrivateServer {
  url: string;
  /** Stops the server and removes its directory; safe to call more than once, and from an exit handler. */
  stopNow(): void;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis that keeps nothing on disk, for one test run. */
export async function startRunRedis(): Promise<PrivateServer> {
  const binary = findBinary('redis-server', []);
  if (!binary) throw new MissingServerBinaryError('redis-server', INSTALL_HINTS['redis-server']);
  const directory = mkdtempSync(join(tmpdir(), 'tracking-events-test-redis-'));
  const port = await freePort();
  const server = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', directory, '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const stopNow = stopper(server, directory);
  await waitUntilListening(port, server, 'redis-server').catch((error) => {
    stopNow();
    throw error;
  });
  return { url: `redis://127.0.0.1:${port}`, stopNow };
}

/** A PostgreSQL cluster with trust authentication and a database `test`, for one test run. */
export async function startRunPostgres(): Promise<PrivateServer> {
  const initdb = findBinary('initdb', postgresBinDirectories());
  const postgres = initdb && join(initdb, '..', 'postgres');
  if (!initdb || !postgres || !existsSync(postgres)) throw new MissingServerBinaryError('PostgreSQL', INSTALL_HINTS.postgres);
  const directory = mkdtempSync(join(tmpdir(), 'tracking-events-test-postgres-'));
  // PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
  const asUser = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (asUser) chownSync(directory, asUser.uid, asUser.gid);
  const run = (command: string, args: string[]) =>
    asUser ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args };
  const data = join(directory, 'data');
  const init = run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  execFileSync(init.command, init.args, { stdio: 'ignore' });
  const port = await freePort();
  const start = run(postgres, [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    directory,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=200',
  ]);
  const server = spawn(start.command, start.args, { stdio: 'ignore' });
  // Under runuser the server is runuser's child: its own PID is the first line of postmaster.pid.
  const postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  const stopNow = stopper(server, directory, postmasterPid);
  try {
    await waitUntilListening(port, server, 'postgres');
    const { Client } = await import('pg');
    // The server listens before it takes connections ("the database system is starting up"); a pg
    // client that failed to connect cannot try again, so each try has a new one.
    const client = await waitFor(
      'PostgreSQL to take connections',
      async () => {
        const candidate = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
        return candidate.connect().then(
          () => candidate,
          () => undefined,
        );
      },
      10_000,
      100,
    );
    await client.query('CREATE DATABASE test');
    await client.end();
  } catch (error) {
    stopNow();
    throw error;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/test`, stopNow };
}

function stopper(server: ChildProcess, directory: string, serverPid: () => number | undefined = () => server.pid): () => void {
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (server.exitCode === null) {
      try {
        const pid = serverPid();
        // SIGINT is PostgreSQL's fast shutdown and ends Redis as well; nothing of either is kept.
        if (pid !== undefined) {
          process.kill(pid, 'SIGINT');
          waitForExit(pid);
        }
      } catch {
        // Already gone, or never started.
      }
    }
    rmSync(directory, { recursive: true, force: true });
  };
}

/** Waits (synchronously: it also runs in exit handlers) up to five seconds for a process to end, then kills it. */
function waitForExit(pid: number): void {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  process.kill(pid, 'SIGKILL');
}

/** An ended child that its parent has not reaped yet (a zombie) counts as ended. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** The binary on the PATH, else in the first of the other directories that has it. */
function findBinary(name: string, otherDirectories: string[]): string | undefined {
  const directories = [...(process.env.PATH ?? '').split(delimiter), ...otherDirectories];
  return directories.map((directory) => join(directory, name)).find((path) => path && existsSync(path));
}

/** Debian keeps PostgreSQL's server binaries off the PATH, one directory per major version: newest first. */
function postgresBinDirectories(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

function postgresUser(): { uid: number; gid: number } {
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()));
  return { uid, gid };
}
