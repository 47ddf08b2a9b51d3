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

  static clientNeverClosed(className: string): InvalidDeliveryTargetError {
    return new InvalidDeliveryTargetError(
      `Delivery target ${className} has openClient() but no closeClient(client): its clients would never be closed.`,
    );
  }

  static notProvided(className: string, cause: string): InvalidDeliveryTargetError {
    return new InvalidDeliveryTargetError(
      `Delivery target ${className} has no instance (${cause}). Fix: add ${className} to the providers of one of your modules, ` +
        `the one whose services it injects, in the default (singleton) scope, and import that module in your app.`,
    );
  }

  static missingPackage(type: string, packageName: string): InvalidDeliveryTargetError {
    return new InvalidDeliveryTargetError(
      `Delivery target ${type} needs the package "${packageName}", which is not installed. Fix: npm install ${packageName}`,
    );
  }
}
