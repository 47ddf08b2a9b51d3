/**
 * A resource a target's client makes on first use (a container, a table): made once, shared by the
 * uses meanwhile, made again by the next use after its making failed or after `forget()` (the service
 * said it is gone).
 */
export class LazyResource<Resource> {
  private made?: Promise<Resource>;

  constructor(private readonly make: (abortSignal: AbortSignal) => Promise<Resource>) {}

  get(signal: AbortSignal): Promise<Resource> {
    if (!this.made) {
      const making = this.make(signal);
      this.made = making;
      making.catch(() => {
        if (this.made === making) this.made = undefined;
      });
    }
    return this.made;
  }

  forget(): void {
    this.made = undefined;
  }
}
