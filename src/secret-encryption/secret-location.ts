/** Where a secret lives: its ciphertext is bound to it, so that it cannot be pasted into another field. */
export interface SecretLocation {
  targetType: string;
  /** The property's path inside the target's configuration (`Secret`, or `Auth.Token` for a nested model). */
  property: string;
}
