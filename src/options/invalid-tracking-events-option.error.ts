/**
 * Thrown at boot when a `TrackingEventsModule` option is missing or wrong, naming the option and the fix.
 * @publicApi
 */
export class InvalidTrackingEventsOptionError extends Error {
  constructor(
    readonly option: string,
    problem: string,
    fix: string,
  ) {
    super(`TrackingEventsModule option "${option}" ${problem}. Fix: ${fix}`);
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
