import { LoginAttemptLimiter } from './login-attempt-limiter';

describe('LoginAttemptLimiter', () => {
  let now: number;
  const limiter = () => new LoginAttemptLimiter({ maxFailures: 3, windowMs: 60_000 }, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a client try maxFailures times, then tells it how long to wait', () => {
    const attempts = limiter();
    expect([attempts.begin('a'), attempts.begin('a'), attempts.begin('a')]).toEqual([undefined, undefined, undefined]);
    expect(attempts.begin('a')).toBe(60);
    now += 45_000;
    expect(attempts.begin('a')).toBe(15);
  });

  it('counts each client apart', () => {
    const attempts = limiter();
    for (let i = 0; i < 3; i++) attempts.begin('a');
    expect(attempts.begin('a')).toBe(60);
    expect(attempts.begin('b')).toBeUndefined();
  });

  it('starts a new window once the old one is over', () => {
    const attempts = limiter();
    for (let i = 0; i < 3; i++) attempts.begin('a');
    now += 60_000;
    expect(attempts.begin('a')).toBeUndefined();
  });

  it('forgives earlier failures after a success', () => {
    const attempts = limiter();
    attempts.begin('a');
    attempts.begin('a');
    attempts.succeeded('a');
    for (let i = 0; i < 3; i++) expect(attempts.begin('a')).toBeUndefined();
    expect(attempts.begin('a')).toBe(60);
  });

  it('forgets clients whose window is over once many clients were seen', () => {
    const attempts = limiter();
    for (let i = 0; i < 1000; i++) attempts.begin(`client-${i}`);
    now += 60_000;
    attempts.begin('late');
    expect((attempts as unknown as { attempts: Map<string, unknown> }).attempts.size).toBe(1);
  });
});
