import { toRedisOptions } from './redis-option';

describe('toRedisOptions', () => {
  it('takes a URL apart, database index and credentials included', () => {
    expect(toRedisOptions('rediss://worker:s%3Acret@cache.internal:6380/3')).toEqual({
      host: 'cache.internal',
      port: 6380,
      db: 3,
      username: 'worker',
      password: 's:cret',
      tls: {},
    });
  });

  it('reads the default port and database of a URL without them', () => {
    expect(toRedisOptions('redis://cache.internal')).toMatchObject({ host: 'cache.internal', port: 6379, db: 0 });
  });

  it('passes connection options through', () => {
    expect(toRedisOptions({ host: 'h', port: 1, db: 2 })).toEqual({ host: 'h', port: 1, db: 2 });
  });
});
