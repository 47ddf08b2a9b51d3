import type { SecretLocation } from './secret-location';

/** Why a stored secret cannot be decrypted. */
export type SecretDecryptionFailure = 'unknown-key' | 'no-keyring' | 'not-authentic';

const REASONS: Record<SecretDecryptionFailure, (keyId: string) => string> = {
  'unknown-key': (keyId) => `it is encrypted with key "${keyId}", which is not in secretEncryption.keys`,
  'no-keyring': (keyId) => `it is encrypted with key "${keyId}", and secretEncryption is not configured`,
  'not-authentic': (keyId) =>
    `it does not verify with key "${keyId}" (a different key under that ID, or a stored value that was altered or moved)`,
};

/**
 * A stored secret that cannot be decrypted with this process' keyring. It names the target, the
 * property and the key ID, never the value.
 * @publicApi
 */
export class SecretDecryptionError extends Error {
  constructor(
    readonly location: SecretLocation,
    readonly keyId: string,
    readonly failure: SecretDecryptionFailure,
  ) {
    super(`DeliveryTargets.${location.targetType}.${location.property} cannot be decrypted: ${REASONS[failure](keyId)}.`);
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
