import { freePort } from '../../test/support/private-servers';
import { assertRedisReachable } from './redis-availability';
import { RedisUnavailableError } from './redis-unavailable.error';

describe('assertRedisReachable', () => {
  it('names the nodes of a Redis Cluster that none of answers, in one line', async () => {
    const port = await freePort();
    const attempt = assertRedisReachable({ cluster: { nodes: [{ host: '127.0.0.1', port }], options: {} } });
    await expect(attempt).rejects.toThrow(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(new RegExp(`^Redis at cluster nodes 127\\.0\\.0\\.1:${port} is unreachable \\(.+\\)\\. Fix:`));
  });
});
