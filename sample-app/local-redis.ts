import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join, resolve } from 'node:path';

/** Where the sample's own Redis keeps its data (AOF), so that the demo keeps its queues across restarts. */
export const LOCAL_REDIS_DIR = 'sample-app/data/redis';

export class NoRedisToStartError extends Error {
  constructor(port: number) {
    super(
      `Nothing answers on 127.0.0.1:${port} and no redis-server is installed to start one. ` +
        'Fix: apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS), or set REDIS_URL.',
    );
    this.name = this.constructor.name;
  }
}

/** A Redis the sample app started for itself. */
export interface LocalRedis {
  port: number;
  directory: string;
  stop(): void;
}

/**
 * For `npm start` on a machine where Redis is installed but not running: when nothing answers on the
 * default port, starts `redis-server` there as a child of the app (AOF on, data under `directory`),
 * stopped when the app's process exits. Resolves to undefined when a server answers already.
 */
export async function startLocalRedisIfNone(port = 6379, directory = LOCAL_REDIS_DIR): Promise<LocalRedis | undefined> {
  if (await answers(port)) return undefined;
  const binary = (process.env.PATH ?? '')
    .split(delimiter)
    .map((folder) => join(folder, 'redis-server'))
    .find((path) => existsSync(path));
  if (!binary) throw new NoRedisToStartError(port);
  const dataDirectory = resolve(directory);
  mkdirSync(dataDirectory, { recursive: true });
  const server = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dataDirectory,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const stop = () => {
    // SIGTERM: Redis writes what it has to its AOF, then exits.
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.once('exit', stop);
  try {
    await waitUntilListening(port, server, 'redis-server');
  } catch (error) {
    stop();
    throw error;
  }
  return { port, directory: dataDirectory, stop };
}

/** Whether something accepts connections on the port of 127.0.0.1. */
export function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until the server that was spawned listens on the port; fails if it exits first or takes over 30 s. */
export async function waitUntilListening(port: number, server: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await answers(port))) {
    if (server.exitCode !== null) throw new Error(`${name} exited (code ${server.exitCode}) before it listened on port ${port}.`);
    if (Date.now() > deadline) throw new Error(`${name} did not listen on port ${port} within 30 s.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
