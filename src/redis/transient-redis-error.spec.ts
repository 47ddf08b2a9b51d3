import { isTransientRedisError } from './transient-redis-error';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isTransientRedisError', () => {
  it.each([
    new Error('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)'),
    new Error("READONLY You can't write against a read only replica."),
    new Error('LOADING Redis is loading the dataset in memory'),
    new Error('CLUSTERDOWN The cluster is down'),
    new Error('TRYAGAIN Multiple keys request during rehashing of slot'),
    new Error('Connection is closed.'),
    withCode('read ECONNRESET', 'ECONNRESET'),
    withCode('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'),
  ])('counts "$message" as transient', (error) => {
    expect(isTransientRedisError(error)).toBe(true);
  });

  it.each([
    new Error('WRONGPASS invalid username-password pair or user is disabled.'),
    new Error('NOAUTH Authentication required.'),
    new Error('ERR Error running script (call to f_1234): @user_script:1: bad argument'),
    new Error('Missing lock for job 42. moveToFinished'),
    withCode('unexpected', 'ERR_SOMETHING'),
  ])('counts "$message" as needing attention', (error) => {
    expect(isTransientRedisError(error)).toBe(false);
  });
});
