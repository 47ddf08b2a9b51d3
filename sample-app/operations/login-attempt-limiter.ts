export interface LoginAttemptLimits {
  /** Attempts that did not succeed, per client, before it is refused. */
  maxFailures: number;
  windowMs: number;
}

/** Entries past their window are swept once the map is this big, so that many clients cannot grow it without end. */
const SWEEP_AT = 1000;

/**
 * Counts a client's unsuccessful logins in a fixed window. An attempt counts from its start, so that
 * parallel guesses cannot all get past the limit while their password checks (scrypt) still run.
 */
export class LoginAttemptLimiter {
  private readonly attempts = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limits: LoginAttemptLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records an attempt of the client. Returns the seconds to wait when it has used up its attempts
   * (the attempt is then not counted and must not run), `undefined` when it may go ahead.
   */
  begin(client: string): number | undefined {
    const now = this.now();
    if (this.attempts.size >= SWEEP_AT) this.sweep(now);
    let entry = this.attempts.get(client);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + this.limits.windowMs };
      this.attempts.set(client, entry);
    }
    if (entry.count >= this.limits.maxFailures) return Math.ceil((entry.resetAt - now) / 1000);
    entry.count++;
    return undefined;
  }

  /** A successful login forgives the client's earlier failures. */
  succeeded(client: string): void {
    this.attempts.delete(client);
  }

  private sweep(now: number): void {
    for (const [client, entry] of this.attempts) if (entry.resetAt <= now) this.attempts.delete(client);
  }
}
