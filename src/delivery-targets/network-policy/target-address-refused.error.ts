import { DeliveryFailedError } from '../delivery-failed.error';

/** The `code` of a refused connection, as Node's own network errors have one. */
export const TARGET_ADDRESS_REFUSED = 'ETARGETADDRESSREFUSED';

/**
 * A target was about to connect to an address the network policy does not allow. No retry changes
 * that: the delivery fails for good. The message names the host and the kind of address, never the
 * address a name resolved to (that would map the host's private network for whoever reads the log).
 * @publicApi
 */
export class TargetAddressRefusedError extends Error {
  readonly code = TARGET_ADDRESS_REFUSED;

  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * The refusal inside what a client library threw: client libraries wrap network errors (as `cause`)
 * or copy their `code` and message (Azure's RestError), so both are looked for.
 */
export function targetAddressRefusalIn(error: unknown): TargetAddressRefusedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    if (current instanceof TargetAddressRefusedError) return current;
    if ((current as { code?: unknown }).code === TARGET_ADDRESS_REFUSED) return new TargetAddressRefusedError(current.message);
    current = current.cause;
  }
  return undefined;
}

/** A failed attempt that was a refusal by the network policy, as a permanent failure; undefined for any other error. */
export function refusedDelivery(error: unknown, what: string): DeliveryFailedError | undefined {
  const refusal = targetAddressRefusalIn(error);
  return refusal ? new DeliveryFailedError(`${what} refused: ${refusal.message}`, { retryable: false }) : undefined;
}
