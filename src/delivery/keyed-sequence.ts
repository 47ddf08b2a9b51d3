/**
 * Runs work on a key only after the work registered before it on that key has settled; work on other
 * keys runs alongside. Registration happens in the call itself, so the order on a key is the order of
 * the calls: one order's deliveries go out in the order their jobs reached the worker.
 */
export class KeyedSequence {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once all the work registered earlier on any of `keys` has settled (failed or not). */
  run<Result>(keys: Iterable<string>, work: () => Promise<Result>): Promise<Result> {
    const ownKeys = [...new Set(keys)];
    const earlier = ownKeys.flatMap((key) => this.tails.get(key) ?? []);
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    for (const key of ownKeys) this.tails.set(key, settled);
    return Promise.all(earlier)
      .then(work)
      .finally(() => {
        settle();
        for (const key of ownKeys) if (this.tails.get(key) === settled) this.tails.delete(key);
      });
  }

  /** Keys with work registered on them: none once all of it has settled. */
  get pendingKeys(): number {
    return this.tails.size;
  }
}
