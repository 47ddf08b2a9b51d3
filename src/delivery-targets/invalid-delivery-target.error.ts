/**
 * A delivery target class the module cannot use, found at boot.
 * @publicApi
 */
export class InvalidDeliveryTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }

  static undecorated(className: string): InvalidDeliveryTargetError {
    return new InvalidDeliveryTargetError(
      `Delivery target ${className} has no @DeliveryTarget('Type') decorator naming its DeliveryTargets key.`,
    );
  }

  static malformedType(className: string, type: string): InvalidDeliveryTargetError {
    return new InvalidDeliveryTargetError(
      `Delivery target ${className} declares the type "${type}": a type starts with a capital letter and has only letters and digits (e.g. "AuditLog").`,
    );
  }

  static duplicate(type: string, first: string, second: string): InvalidDeliveryTargetError {
    return new InvalidDeliveryTargetError(
      `Delivery targets ${first} and ${second} both declare the type "${type}"; each type has one target.`,
    );
  }

  static incomplete(className: string): InvalidDeliveryTargetError {
    return new InvalidDeliveryTargetError(`Delivery target ${className} must have a configModel class and a deliver(request) method.`);
  }
}
