/** The host's data cannot give what a message needs (e.g. the submitted order is gone). */
export class HydrationFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
