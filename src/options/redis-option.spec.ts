import { toRedisOptions, toRedisSettings } from './redis-option';

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

describe('toRedisSettings', () => {
  it('reads a single server from a URL or options', () => {
    expect(toRedisSettings('redis://cache.internal:6380/1')).toEqual({
      cluster: null,
      options: expect.objectContaining({ port: 6380, db: 1 }),
    });
  });

  it('reads the nodes of a cluster, "host:port" or objects, and keeps its ioredis options', () => {
    const options = { redisOptions: { password: 'p' }, scaleReads: 'master' };
    expect(toRedisSettings({ cluster: { nodes: ['10.0.0.1:6379', { host: 'redis-2', port: 6380 }], options } })).toEqual({
      cluster: {
        nodes: [
          { host: '10.0.0.1', port: 6379 },
          { host: 'redis-2', port: 6380 },
        ],
        options,
      },
    });
  });
});
