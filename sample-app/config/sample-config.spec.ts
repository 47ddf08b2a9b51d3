import { checkRedisUrl, DEFAULT_SQLITE_FILE, parseDatabaseUrl, readSampleConfig } from './sample-config';

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

describe('RUN_WORKERS', () => {
  it('defaults to running the workers, and reads true and false', () => {
    expect(readSampleConfig({}).runWorkers).toBe(true);
    expect(readSampleConfig({ RUN_WORKERS: 'false' }).runWorkers).toBe(false);
    expect(() => readSampleConfig({ RUN_WORKERS: 'sometimes' })).toThrow(/RUN_WORKERS must be true or false/);
  });
});

describe('TRACKING_EVENTS_SETTINGS', () => {
  it('hands delivery, reliability and circuit breaker settings to the library', () => {
    const config = readSampleConfig({
      TRACKING_EVENTS_SETTINGS: '{"delivery":{"attempts":3},"reliability":{"lockDurationMs":2000},"circuitBreaker":{"failureThreshold":5}}',
    });
    expect(config).toMatchObject({
      delivery: { attempts: 3 },
      reliability: { lockDurationMs: 2000 },
      circuitBreaker: { failureThreshold: 5 },
    });
  });

  it('refuses what is not a JSON object of known settings', () => {
    expect(() => readSampleConfig({ TRACKING_EVENTS_SETTINGS: '{delivery' })).toThrow(/TRACKING_EVENTS_SETTINGS is not JSON/);
    expect(() => readSampleConfig({ TRACKING_EVENTS_SETTINGS: '[1]' })).toThrow(/must be a JSON object/);
    expect(() => readSampleConfig({ TRACKING_EVENTS_SETTINGS: '{"retries":3}' })).toThrow(/unknown key "retries"/);
  });
});
