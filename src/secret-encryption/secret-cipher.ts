import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretEncryptionSettings } from '../options';
import { SecretDecryptionError } from './secret-decryption.error';
import type { SecretLocation } from './secret-location';

export const SECRET_ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

/**
 * A secret as stored in `delivery_targets` in place of its string. Secrets are strings in every
 * target model, so an object in a secret's place is always one of these.
 */
export interface EncryptedSecret {
  $encrypted: typeof SECRET_ALGORITHM;
  /** The ID of the keyring's key it was encrypted with. */
  KeyId: string;
  /** base64 of the 12-byte IV, the ciphertext and the 16-byte GCM tag. */
  Iv: string;
  Data: string;
  Tag: string;
}

export function isEncryptedSecret(value: unknown): value is EncryptedSecret {
  return typeof value === 'object' && value !== null && (value as Partial<EncryptedSecret>).$encrypted === SECRET_ALGORITHM;
}

/** AES-256-GCM over the keyring of `secretEncryption`; without a keyring it encrypts nothing and decrypts nothing. */
export class SecretCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly keyring: Required<SecretEncryptionSettings> | null) {
    this.keys = new Map(Object.entries(keyring?.keys ?? {}).map(([id, key]) => [id, keyBytes(key)]));
  }

  /** The key new secrets are encrypted with; undefined without a keyring (secrets are stored as given). */
  get activeKeyId(): string | undefined {
    return this.keyring?.activeKeyId;
  }

  hasKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  encrypt(plaintext: string, at: SecretLocation): EncryptedSecret {
    const keyId = this.activeKeyId;
    if (keyId === undefined) throw new Error('No secretEncryption keyring to encrypt with.');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(SECRET_ALGORITHM, this.keys.get(keyId)!, iv);
    cipher.setAAD(additionalData(keyId, at));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      $encrypted: SECRET_ALGORITHM,
      KeyId: keyId,
      Iv: iv.toString('base64'),
      Data: data.toString('base64'),
      Tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** The plaintext; a SecretDecryptionError (naming the key ID, never a value) when it cannot be read. */
  decrypt(secret: EncryptedSecret, at: SecretLocation): string {
    const key = this.keys.get(secret.KeyId);
    if (!key) throw new SecretDecryptionError(at, secret.KeyId, this.keyring ? 'unknown-key' : 'no-keyring');
    try {
      const decipher = createDecipheriv(SECRET_ALGORITHM, key, Buffer.from(secret.Iv, 'base64'));
      decipher.setAAD(additionalData(secret.KeyId, at));
      decipher.setAuthTag(Buffer.from(secret.Tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(secret.Data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      // A wrong key, altered data or tag, or a ciphertext moved from another field: GCM tells them apart from none.
      throw new SecretDecryptionError(at, secret.KeyId, 'not-authentic');
    }
  }
}

function additionalData(keyId: string, at: SecretLocation): Buffer {
  return Buffer.from(JSON.stringify(['tracking-events:delivery-target-secret:v1', keyId, at.targetType, at.property]));
}

/** The validation accepts 64 hex digits or 44 base64 characters, both 32 bytes. */
function keyBytes(key: string): Buffer {
  return Buffer.from(key, key.length === 64 ? 'hex' : 'base64');
}
