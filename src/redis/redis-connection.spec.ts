import { describeRedis, toRedisOptions } from './redis-connection';

describe('toRedisOptions', () => {
  it('defaults to the local Redis', () => {
    expect(toRedisOptions(undefined)).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0 });
  });

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

  it('passes connection options through', () => {
    expect(toRedisOptions({ host: 'h', port: 1, db: 2 })).toEqual({ host: 'h', port: 1, db: 2 });
  });

  it('describes a connection for messages', () => {
    expect(describeRedis(toRedisOptions('redis://10.0.0.5:6379/4'))).toBe('10.0.0.5:6379/4');
  });
});
