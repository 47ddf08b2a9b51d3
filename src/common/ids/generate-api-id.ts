import { randomBytes } from 'node:crypto';

/** A new unique, URL-safe ID (22 characters of `A-Z a-z 0-9 - _`), as OrderCloud generates when none is given. */
export function generateApiId(): string {
  return randomBytes(16).toString('base64url');
}
