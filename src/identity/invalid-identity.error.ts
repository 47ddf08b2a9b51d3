/** An anonymous or user ID the identity store cannot take. @publicApi */
export class InvalidIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
