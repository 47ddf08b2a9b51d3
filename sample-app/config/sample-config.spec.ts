import { DEFAULT_SQLITE_FILE, parseDatabaseUrl, parseRedisUrl, readSampleConfig } from './sample-config';

describe('readSampleConfig', () => {
  it('defaults to port 3000, a SQLite file under sample-app/data and local Redis', () => {
    const config = readSampleConfig({}, '/srv/shop');
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ type: 'sqlite', path: `/srv/shop/${DEFAULT_SQLITE_FILE}` });
    expect(config.redis).toEqual({ host: '127.0.0.1', port: 6379, db: 0, username: undefined, password: undefined, tls: false });
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

describe('parseRedisUrl', () => {
  it('honours the database index, credentials and TLS', () => {
    expect(parseRedisUrl('rediss://user:p%40ss@redis.internal:6380/4')).toEqual({
      host: 'redis.internal',
      port: 6380,
      db: 4,
      username: 'user',
      password: 'p@ss',
      tls: true,
    });
  });

  it('refuses another scheme or a bad database index', () => {
    expect(() => parseRedisUrl('http://127.0.0.1')).toThrow(/REDIS_URL must start with redis:\/\//);
    expect(() => parseRedisUrl('redis://127.0.0.1/two')).toThrow(/invalid database index "two"/);
  });
});
