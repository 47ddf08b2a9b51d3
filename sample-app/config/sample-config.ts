import { resolve } from 'node:path';
import type { TrackingEventsModuleOptions } from '../../src';

export type DatabaseConfig =
  | { type: 'sqlite'; /** File path, or `:memory:`. */ path: string }
  | { type: 'postgres'; url: string; /** Schema to keep the tables in; default `public`. */ schema?: string };

export interface SampleConfig {
  port: number;
  /** The HTTP server under Nest (HTTP_ADAPTER, `express` or `fastify`; default `express`). */
  httpAdapter: 'express' | 'fastify';
  database: DatabaseConfig;
  /** `redis://host:port/db` of the queues. */
  redisUrl: string;
  /** Some nodes of a Redis Cluster to keep the queues in instead (REDIS_CLUSTER_NODES, `host:port,host:port`). */
  redisClusterNodes?: string[];
  /** Redis key prefix of the queues (QUEUE_PREFIX); default `bull`. */
  queuePrefix?: string;
  /**
   * Where this process's queue workers run (RUN_WORKERS): `thread` (the default), a thread of the API
   * process; `true`, on the API's own thread; `false`, nowhere (a worker process delivers).
   */
  runWorkers: boolean | 'thread';
  /** Capture tracking events (TRACKING_ENABLED, default true). */
  trackingEnabled: boolean;
  /** Delivery settings for every target type (tests shorten the retries). */
  delivery?: TrackingEventsModuleOptions['delivery'];
  /** Reliability and circuit breaker settings (TRACKING_EVENTS_SETTINGS, JSON), for tuning and fault tests. */
  reliability?: TrackingEventsModuleOptions['reliability'];
  circuitBreaker?: TrackingEventsModuleOptions['circuitBreaker'];
  /** The limits of the readiness probe (TRACKING_EVENTS_SETTINGS), e.g. `{"maxOutboxRows":1000}`. */
  health?: TrackingEventsModuleOptions['health'];
  /** Update the Prometheus metrics /metrics serves (METRICS_ENABLED, default true). */
  metricsEnabled: boolean;
  /** How the Kafka target connects (TRACKING_EVENTS_SETTINGS), e.g. `{"securityProtocol":"PLAINTEXT"}` for a local broker. */
  kafka?: TrackingEventsModuleOptions['kafka'];
  /** How long the delivery log and finished jobs are kept, and how in-process workers give way (TRACKING_EVENTS_SETTINGS). */
  deliveryLog?: TrackingEventsModuleOptions['deliveryLog'];
  jobRetention?: TrackingEventsModuleOptions['jobRetention'];
  yieldToRequests?: TrackingEventsModuleOptions['yieldToRequests'];
  /** Where the sample's AuditLog target writes (AUDIT_LOG_DIR). */
  auditLogDir: string;
  /** Secret that signs access tokens; every process of one deployment needs the same. */
  jwtSecret: string;
  /** Lifetime of a user's access token. */
  accessTokenSeconds: number;
  /** Seed the demo API clients, users and products (SEED_DEMO; default true, false under NODE_ENV=production). */
  seedDemo: boolean;
  /** Let Bull Board change jobs (QUEUE_BOARD_ACTIONS, default false): read-only otherwise. */
  queueBoardActions: boolean;
  /** Token requests a client address may make per minute (OAUTH_RATE_LIMIT, default 60); more are answered 429. */
  tokenRequestsPerMinute: number;
  /**
   * Let delivery targets connect to loopback and private addresses (ALLOW_PRIVATE_TARGETS; default true,
   * false under NODE_ENV=production), where the local receivers of development listen.
   */
  allowPrivateTargets: boolean;
  /**
   * Show the start of a receiver's refusal in the delivery log and dead letters (ECHO_RESPONSE_BODIES;
   * default true, false under NODE_ENV=production).
   */
  echoResponseBodies: boolean;
  /**
   * The keyring that encrypts DeliveryConfig secrets in the database (TRACKING_SECRET_KEYS,
   * `id:key,id:key`; the first key is the active one). None: secrets are stored as given.
   */
  secretEncryption?: TrackingEventsModuleOptions['secretEncryption'];
}

export const DEFAULT_SQLITE_FILE = 'sample-app/data/sample.sqlite';
export const DEV_JWT_SECRET = 'sample-app-development-secret-change-me';
export const DEFAULT_AUDIT_LOG_DIR = 'sample-app/data/audit-log';

/** Thrown for an environment variable the sample app cannot use, naming it and the fix. */
export class InvalidSampleConfigError extends Error {
  constructor(variable: string, problem: string, fix: string) {
    super(`${variable} ${problem}. Fix: ${fix}`);
    this.name = this.constructor.name;
  }
}

/** Reads the sample app's settings from the environment (see the README's table). */
export function readSampleConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): SampleConfig {
  const production = env.NODE_ENV === 'production';
  return {
    port: parsePort(env.PORT),
    httpAdapter: parseHttpAdapter(env.HTTP_ADAPTER),
    database: parseDatabaseUrl(env.DATABASE_URL ?? `sqlite:${DEFAULT_SQLITE_FILE}`, cwd),
    redisUrl: checkRedisUrl(env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    redisClusterNodes: parseClusterNodes(env.REDIS_CLUSTER_NODES),
    queuePrefix: env.QUEUE_PREFIX || undefined,
    runWorkers: parseRunWorkers(env.RUN_WORKERS),
    trackingEnabled: parseFlag('TRACKING_ENABLED', env.TRACKING_ENABLED, true),
    metricsEnabled: parseFlag('METRICS_ENABLED', env.METRICS_ENABLED, true),
    auditLogDir: resolve(cwd, env.AUDIT_LOG_DIR ?? DEFAULT_AUDIT_LOG_DIR),
    ...parseTrackingSettings(env.TRACKING_EVENTS_SETTINGS),
    jwtSecret: parseJwtSecret(env.JWT_SECRET, production),
    accessTokenSeconds: 36000,
    seedDemo: parseFlag('SEED_DEMO', env.SEED_DEMO, !production),
    queueBoardActions: parseFlag('QUEUE_BOARD_ACTIONS', env.QUEUE_BOARD_ACTIONS, false),
    tokenRequestsPerMinute: parseRateLimit(env.OAUTH_RATE_LIMIT),
    allowPrivateTargets: parseFlag('ALLOW_PRIVATE_TARGETS', env.ALLOW_PRIVATE_TARGETS, !production),
    echoResponseBodies: parseFlag('ECHO_RESPONSE_BODIES', env.ECHO_RESPONSE_BODIES, !production),
    secretEncryption: parseSecretKeys(env.TRACKING_SECRET_KEYS),
  };
}

/** `k2:<key>,k1:<key>`, newest first: the first encrypts, the others are still read (the library checks the keys). */
function parseSecretKeys(raw: string | undefined): SampleConfig['secretEncryption'] {
  if (raw === undefined || raw.trim() === '') return undefined;
  const keys: Record<string, string> = {};
  for (const entry of raw.split(',')) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator).trim();
    const key = entry.slice(separator + 1).trim();
    if (separator < 1 || id === '' || key === '' || Object.hasOwn(keys, id)) {
      throw new InvalidSampleConfigError(
        'TRACKING_SECRET_KEYS',
        `has an entry that is not "id:key" with an ID of its own: "${entry.slice(0, Math.max(separator, 0)).trim() || '(no ID)'}:…"`,
        'list keys newest first as id:key, e.g. TRACKING_SECRET_KEYS=k2:<openssl rand -base64 32>,k1:<the previous key>.',
      );
    }
    keys[id] = key;
  }
  return { keys, activeKeyId: Object.keys(keys)[0] };
}

const TRACKING_SETTINGS = [
  'delivery',
  'reliability',
  'circuitBreaker',
  'health',
  'kafka',
  'deliveryLog',
  'jobRetention',
  'yieldToRequests',
] as const;
type TrackingSettings = Pick<SampleConfig, (typeof TRACKING_SETTINGS)[number]>;

/** `{"delivery": {…}, "reliability": {…}, …}`, any of TRACKING_SETTINGS: the library checks their content at boot. */
function parseTrackingSettings(raw: string | undefined): TrackingSettings {
  if (!raw) return {};
  let settings: unknown;
  try {
    settings = JSON.parse(raw);
  } catch {
    throw new InvalidSampleConfigError('TRACKING_EVENTS_SETTINGS', 'is not JSON', 'give a JSON object, e.g. {"delivery":{"attempts":5}}.');
  }
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new InvalidSampleConfigError(
      'TRACKING_EVENTS_SETTINGS',
      'must be a JSON object',
      'give a JSON object, e.g. {"delivery":{"attempts":5}}.',
    );
  }
  const unknown = Object.keys(settings).find((key) => !(TRACKING_SETTINGS as readonly string[]).includes(key));
  if (unknown) {
    throw new InvalidSampleConfigError(
      'TRACKING_EVENTS_SETTINGS',
      `has an unknown key "${unknown}"`,
      `use ${TRACKING_SETTINGS.join(', ')}.`,
    );
  }
  return settings as TrackingSettings;
}

/** The development secret is in the repository: anyone could sign tokens with it, so production needs its own. */
function parseJwtSecret(raw: string | undefined, production: boolean): string {
  if (raw) return raw;
  if (production) {
    throw new InvalidSampleConfigError(
      'JWT_SECRET',
      'is not set, and NODE_ENV=production does not sign tokens with the development secret',
      'set JWT_SECRET to a long random value shared by every process, e.g. the output of `openssl rand -hex 32`.',
    );
  }
  return DEV_JWT_SECRET;
}

function parseFlag(variable: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new InvalidSampleConfigError(variable, `must be true or false, got "${raw}"`, `set ${variable}=true or ${variable}=false.`);
}

function parseRunWorkers(raw: string | undefined): SampleConfig['runWorkers'] {
  if (raw === undefined || raw === '' || /^thread$/i.test(raw)) return 'thread';
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new InvalidSampleConfigError(
    'RUN_WORKERS',
    `must be thread, true or false, got "${raw}"`,
    'set RUN_WORKERS=thread (a thread of the API process), true (the API thread) or false (a worker process delivers).',
  );
}

function parseRateLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 60;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidSampleConfigError(
      'OAUTH_RATE_LIMIT',
      `must be a whole number of requests per minute, got "${raw}"`,
      'e.g. OAUTH_RATE_LIMIT=60.',
    );
  }
  return limit;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidSampleConfigError('PORT', `must be a port number, got "${raw}"`, 'set PORT to a number from 0 to 65535.');
  }
  return port;
}

function parseHttpAdapter(raw: string | undefined): SampleConfig['httpAdapter'] {
  if (raw === undefined || raw === '') return 'express';
  if (raw === 'express' || raw === 'fastify') return raw;
  throw new InvalidSampleConfigError(
    'HTTP_ADAPTER',
    `must be express or fastify, got "${raw}"`,
    'set HTTP_ADAPTER=express or HTTP_ADAPTER=fastify.',
  );
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

/**
 * Checks `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS) and hands it on as it is:
 * the library takes the URL apart.
 */
export function checkRedisUrl(url: string): string {
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
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new InvalidSampleConfigError(
      'REDIS_URL',
      `has an invalid database index "${db}"`,
      'end the URL with /<number>, e.g. redis://127.0.0.1:6379/2.',
    );
  }
  return url;
}

/** `host:port,host:port` (spaces allowed): the nodes a Redis Cluster connection starts from. */
export function parseClusterNodes(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const nodes = raw.split(',').map((node) => node.trim());
  const wrong = nodes.find((node) => !/^[^\s:]+:\d{1,5}$/.test(node));
  if (wrong !== undefined) {
    throw new InvalidSampleConfigError(
      'REDIS_CLUSTER_NODES',
      `has an entry that is not "host:port": "${wrong}"`,
      'list some nodes of the cluster, e.g. REDIS_CLUSTER_NODES=10.0.0.1:6379,10.0.0.2:6379.',
    );
  }
  return nodes;
}

/** Where the queues are, for a log line: the cluster's nodes, or the URL with its password masked. */
export function redisForLogs(config: Pick<SampleConfig, 'redisUrl' | 'redisClusterNodes'>): string {
  return config.redisClusterNodes ? `Cluster ${config.redisClusterNodes.join(',')}` : redisUrlForLogs(config.redisUrl);
}

/** A redis:// URL fit for a log line: its password masked. */
export function redisUrlForLogs(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
