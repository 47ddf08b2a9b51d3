import { toRedisOptions } from '../options/redis-option';
import { describeRedis } from './redis-connection';

describe('describeRedis', () => {
  it('describes a connection for messages', () => {
    expect(describeRedis(toRedisOptions('redis://10.0.0.5:6379/4'))).toBe('10.0.0.5:6379/4');
  });

  it("names ioredis's defaults where the options leave them out", () => {
    expect(describeRedis({})).toBe('127.0.0.1:6379/0');
  });
});
