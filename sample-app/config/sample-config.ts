import { resolve } from 'node:path';

export type DatabaseConfig =
  | { type: 'sqlite'; /** File path, or `:memory:`. */ path: string }
  | { type: 'postgres'; url: string; /** Schema to keep the tables in; default `public`. */ schema?: string };

export interface RedisConfig {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
}

export interface SampleConfig {
  port: number;
  database: DatabaseConfig;
  redis: RedisConfig;
  /** Secret that signs access tokens; every process of one deployment needs the same. */
  jwtSecret: string;
  /** Lifetime of a user's access token. */
  accessTokenSeconds: number;
}

export const DEFAULT_SQLITE_FILE = 'sample-app/data/sample.sqlite';
export const DEV_JWT_SECRET = 'sample-app-development-secret-change-me';

/** Thrown for an environment variable the sample app cannot use, naming it and the fix. */
export class InvalidSampleConfigError extends Error {
  constructor(variable: string, problem: string, fix: string) {
    super(`${variable} ${problem}. Fix: ${fix}`);
    this.name = this.constructor.name;
  }
}

/** Reads the sample app's settings from the environment (PORT, DATABASE_URL, REDIS_URL, JWT_SECRET). */
export function readSampleConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): SampleConfig {
  return {
    port: parsePort(env.PORT),
    database: parseDatabaseUrl(env.DATABASE_URL ?? `sqlite:${DEFAULT_SQLITE_FILE}`, cwd),
    redis: parseRedisUrl(env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    jwtSecret: env.JWT_SECRET || DEV_JWT_SECRET,
    accessTokenSeconds: 36000,
  };
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidSampleConfigError('PORT', `must be a port number, got "${raw}"`, 'set PORT to a number from 0 to 65535.');
  }
  return port;
}

/** `sqlite:<file>` (relative to the working directory, or `sqlite::memory:`) or `postgres://user@host:port/db`. */
export function parseDatabaseUrl(url: string, cwd: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') {
      throw new InvalidSampleConfigError('DATABASE_URL', 'names no SQLite file', `use sqlite:${DEFAULT_SQLITE_FILE}.`);
    }
    return { type: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return { type: 'postgres', url: parsed.toString(), schema };
  }
  throw new InvalidSampleConfigError(
    'DATABASE_URL',
    `must start with sqlite: or postgres://, got "${url}"`,
    `use sqlite:${DEFAULT_SQLITE_FILE} or postgres://user@host:5432/database.`,
  );
}

/** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. */
export function parseRedisUrl(url: string): RedisConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidSampleConfigError(
      'REDIS_URL',
      `is not a URL: "${url}"`,
      'use redis://127.0.0.1:6379 (add /<db> for a database index).',
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InvalidSampleConfigError('REDIS_URL', `must start with redis:// or rediss://, got "${url}"`, 'use redis://127.0.0.1:6379.');
  }
  const dbPath = parsed.pathname.replace(/^\//, '');
  const db = dbPath === '' ? 0 : Number(dbPath);
  if (!Number.isInteger(db) || db < 0) {
    throw new InvalidSampleConfigError(
      'REDIS_URL',
      `has an invalid database index "${dbPath}"`,
      'end the URL with /<number>, e.g. redis://127.0.0.1:6379/2.',
    );
  }
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:',
  };
}
