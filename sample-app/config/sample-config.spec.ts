import {
  checkRedisUrl,
  DEFAULT_SQLITE_FILE,
  DEV_JWT_SECRET,
  parseDatabaseUrl,
  readSampleConfig,
  redisForLogs,
  redisUrlForLogs,
} from './sample-config';

describe('readSampleConfig', () => {
  it('defaults to port 3000, a SQLite file under sample-app/data and local Redis', () => {
    const config = readSampleConfig({}, '/srv/shop');
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ type: 'sqlite', path: `/srv/shop/${DEFAULT_SQLITE_FILE}` });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('refuses a port that is not a number', () => {
    expect(() => readSampleConfig({ PORT: 'http' })).toThrow(/PORT must be a port number, got "http"\. Fix:/);
  });

  it('runs on Express unless HTTP_ADAPTER names Fastify, and refuses another adapter', () => {
    expect(readSampleConfig({}).httpAdapter).toBe('express');
    expect(readSampleConfig({ HTTP_ADAPTER: 'fastify' }).httpAdapter).toBe('fastify');
    expect(() => readSampleConfig({ HTTP_ADAPTER: 'koa' })).toThrow(/HTTP_ADAPTER must be express or fastify, got "koa"\. Fix:/);
  });
});

describe('parseDatabaseUrl', () => {
  it('reads PostgreSQL URLs and an optional schema', () => {
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/test?schema=shop', '/')).toEqual({
      type: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/test',
      schema: 'shop',
    });
  });

  it('keeps an in-memory SQLite database as it is', () => {
    expect(parseDatabaseUrl('sqlite::memory:', '/x')).toEqual({ type: 'sqlite', path: ':memory:' });
  });

  it('names the variable and the accepted forms for anything else', () => {
    expect(() => parseDatabaseUrl('mysql://root@localhost/shop', '/')).toThrow(/DATABASE_URL must start with sqlite: or postgres:\/\//);
  });
});

describe('checkRedisUrl', () => {
  it('accepts a URL with a database index, credentials and TLS', () => {
    expect(checkRedisUrl('rediss://user:p%40ss@redis.internal:6380/4')).toBe('rediss://user:p%40ss@redis.internal:6380/4');
  });

  it('refuses another scheme or a bad database index', () => {
    expect(() => checkRedisUrl('http://127.0.0.1')).toThrow(/REDIS_URL must start with redis:\/\//);
    expect(() => checkRedisUrl('redis://127.0.0.1/two')).toThrow(/invalid database index "two"/);
  });
});

describe('REDIS_CLUSTER_NODES', () => {
  it('is not set by default, and reads host:port entries', () => {
    expect(readSampleConfig({}).redisClusterNodes).toBeUndefined();
    const config = readSampleConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:6379, redis-2:7000' });
    expect(config.redisClusterNodes).toEqual(['10.0.0.1:6379', 'redis-2:7000']);
    expect(redisForLogs(config)).toBe('Cluster 10.0.0.1:6379,redis-2:7000');
  });

  it('refuses an entry without a port, naming it', () => {
    expect(() => readSampleConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:6379,redis-2' })).toThrow(
      /REDIS_CLUSTER_NODES has an entry that is not "host:port": "redis-2"\. Fix:/,
    );
  });
});

describe('RUN_WORKERS', () => {
  it('defaults to a thread of the API process, and reads thread, true and false', () => {
    expect(readSampleConfig({}).runWorkers).toBe('thread');
    expect(readSampleConfig({ RUN_WORKERS: 'Thread' }).runWorkers).toBe('thread');
    expect(readSampleConfig({ RUN_WORKERS: 'true' }).runWorkers).toBe(true);
    expect(readSampleConfig({ RUN_WORKERS: 'false' }).runWorkers).toBe(false);
    expect(() => readSampleConfig({ RUN_WORKERS: 'sometimes' })).toThrow(/RUN_WORKERS must be thread, true or false, got "sometimes"/);
  });
});

describe('METRICS_ENABLED', () => {
  it('defaults to updating the metrics, and reads true and false', () => {
    expect(readSampleConfig({}).metricsEnabled).toBe(true);
    expect(readSampleConfig({ METRICS_ENABLED: 'false' }).metricsEnabled).toBe(false);
    expect(() => readSampleConfig({ METRICS_ENABLED: 'maybe' })).toThrow(/METRICS_ENABLED must be true or false/);
  });
});

describe('TRACKING_EVENTS_SETTINGS', () => {
  it('hands delivery, reliability, circuit breaker and health settings to the library', () => {
    const config = readSampleConfig({
      TRACKING_EVENTS_SETTINGS:
        '{"delivery":{"attempts":3},"reliability":{"lockDurationMs":2000},"circuitBreaker":{"failureThreshold":5},"health":{"maxOutboxRows":0}}',
    });
    expect(config).toMatchObject({
      delivery: { attempts: 3 },
      reliability: { lockDurationMs: 2000 },
      circuitBreaker: { failureThreshold: 5 },
      health: { maxOutboxRows: 0 },
    });
  });

  it('refuses what is not a JSON object of known settings', () => {
    expect(() => readSampleConfig({ TRACKING_EVENTS_SETTINGS: '{delivery' })).toThrow(/TRACKING_EVENTS_SETTINGS is not JSON/);
    expect(() => readSampleConfig({ TRACKING_EVENTS_SETTINGS: '[1]' })).toThrow(/must be a JSON object/);
    expect(() => readSampleConfig({ TRACKING_EVENTS_SETTINGS: '{"retries":3}' })).toThrow(/unknown key "retries"/);
  });
});

describe('production mode', () => {
  it('refuses to start without JWT_SECRET under NODE_ENV=production, naming the variable and the fix', () => {
    expect(() => readSampleConfig({ NODE_ENV: 'production' })).toThrow(
      /^JWT_SECRET is not set, and NODE_ENV=production does not sign tokens with the development secret\. Fix: set JWT_SECRET/,
    );
    expect(readSampleConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-random-value' }).jwtSecret).toBe('a-long-random-value');
  });

  it('falls back to the development secret outside production', () => {
    expect(readSampleConfig({}).jwtSecret).toBe(DEV_JWT_SECRET);
    expect(readSampleConfig({ NODE_ENV: 'development' }).jwtSecret).toBe(DEV_JWT_SECRET);
  });
});

describe('ALLOW_PRIVATE_TARGETS and ECHO_RESPONSE_BODIES', () => {
  it('lets targets reach private networks by default outside production only', () => {
    expect(readSampleConfig({}).allowPrivateTargets).toBe(true);
    expect(readSampleConfig({ NODE_ENV: 'production', JWT_SECRET: 's' }).allowPrivateTargets).toBe(false);
    expect(readSampleConfig({ NODE_ENV: 'production', JWT_SECRET: 's', ALLOW_PRIVATE_TARGETS: 'true' }).allowPrivateTargets).toBe(true);
  });

  it("shows receivers' refusals in the delivery log by default outside production only", () => {
    expect(readSampleConfig({}).echoResponseBodies).toBe(true);
    expect(readSampleConfig({ NODE_ENV: 'production', JWT_SECRET: 's' }).echoResponseBodies).toBe(false);
  });
});

describe('TRACKING_SECRET_KEYS', () => {
  const K1 = 'a'.repeat(43) + '=';
  const K2 = 'b'.repeat(43) + '=';

  it('stores secrets as given when it is not set', () => {
    expect(readSampleConfig({}).secretEncryption).toBeUndefined();
    expect(readSampleConfig({ TRACKING_SECRET_KEYS: ' ' }).secretEncryption).toBeUndefined();
  });

  it('reads a keyring newest first: the first key encrypts', () => {
    expect(readSampleConfig({ TRACKING_SECRET_KEYS: `k2:${K2}, k1:${K1}` }).secretEncryption).toEqual({
      keys: { k2: K2, k1: K1 },
      activeKeyId: 'k2',
    });
  });

  it('refuses an entry without an ID or a key, or a repeated ID, without showing a key', () => {
    for (const raw of [K1, `:${K1}`, 'k1:', `k1:${K1},k1:${K2}`]) {
      let message = '';
      try {
        readSampleConfig({ TRACKING_SECRET_KEYS: raw });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^TRACKING_SECRET_KEYS has an entry that is not "id:key"/);
      expect(message).not.toContain(K1.slice(0, 10));
      expect(message).not.toContain(K2.slice(0, 10));
    }
  });
});

describe('SEED_DEMO', () => {
  it('seeds the demo data by default outside production only', () => {
    expect(readSampleConfig({}).seedDemo).toBe(true);
    expect(readSampleConfig({ NODE_ENV: 'production', JWT_SECRET: 's' }).seedDemo).toBe(false);
  });

  it('follows the variable when it is set, in either mode', () => {
    expect(readSampleConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(readSampleConfig({ NODE_ENV: 'production', JWT_SECRET: 's', SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(() => readSampleConfig({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO must be true or false, got "maybe"/);
  });
});

describe('QUEUE_BOARD_ACTIONS', () => {
  it('keeps Bull Board read-only unless turned on', () => {
    expect(readSampleConfig({}).queueBoardActions).toBe(false);
    expect(readSampleConfig({ QUEUE_BOARD_ACTIONS: 'true' }).queueBoardActions).toBe(true);
    expect(() => readSampleConfig({ QUEUE_BOARD_ACTIONS: 'on' })).toThrow(/QUEUE_BOARD_ACTIONS must be true or false/);
  });
});

describe('redisUrlForLogs', () => {
  it.each([
    ['redis://:s3cret@cache:6380/2', 'redis://:***@cache:6380/2'],
    ['rediss://app:s3cret@cache:6380', 'rediss://app:***@cache:6380'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
  ])('shows %s as %s', (url, shown) => {
    expect(redisUrlForLogs(url)).toBe(shown);
  });
});
