/**
 * Something made on first use (a target's container or table, the routing snapshot): made once,
 * shared by the uses meanwhile, made again by the next use after its making failed, after `forget()`,
 * or once it is older than `maxAgeMs`.
 */
export class LazyResource<Resource> {
  private made?: Promise<Resource>;
  private madeAt = 0;

  constructor(
    /** `begunAt` is the clock reading `getMadeSince` compares with, for a resource that records its age. */
    private readonly make: (abortSignal: AbortSignal | undefined, begunAt: number) => Promise<Resource>,
    private readonly maxAgeMs = Infinity,
  ) {}

  get(signal?: AbortSignal): Promise<Resource> {
    if (!this.made || Date.now() - this.madeAt > this.maxAgeMs) {
      this.madeAt = Date.now();
      const making = this.make(signal, this.madeAt);
      this.made = making;
      making.catch(() => {
        if (this.made === making) this.made = undefined;
      });
    }
    return this.made;
  }

  /** Like `get`, but makes it anew unless the one in hand (or in the making) was begun at `since` or later. */
  getMadeSince(since: number, signal?: AbortSignal): Promise<Resource> {
    if (this.madeAt < since) this.made = undefined;
    return this.get(signal);
  }

  forget(): void {
    this.made = undefined;
  }
}
