/** A captured event holds a value JSON cannot carry, so it cannot be queued: the host's data needs fixing. */
export class UnwritableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
