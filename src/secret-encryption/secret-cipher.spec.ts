import { randomBytes } from 'node:crypto';
import { isEncryptedSecret, SecretCipher } from './secret-cipher';
import { SecretDecryptionError } from './secret-decryption.error';

const HEX_KEY = randomBytes(32).toString('hex');
const BASE64_KEY = randomBytes(32).toString('base64');
const AT = { targetType: 'Http', property: 'Secret' };

describe('SecretCipher', () => {
  const cipher = new SecretCipher({ keys: { k1: HEX_KEY, k2: BASE64_KEY }, activeKeyId: 'k2' });
  const failureOf = (decrypt: () => unknown) => {
    try {
      decrypt();
    } catch (error) {
      return error as SecretDecryptionError;
    }
    throw new Error('decrypted');
  };

  it('encrypts with the active key, a fresh IV each time, and decrypts back to the plaintext', () => {
    const first = cipher.encrypt('s3cr€t', AT);
    const second = cipher.encrypt('s3cr€t', AT);
    expect(first).toMatchObject({ $encrypted: 'aes-256-gcm', KeyId: 'k2' });
    expect(isEncryptedSecret(first)).toBe(true);
    expect(Buffer.from(first.Iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(first.Tag, 'base64')).toHaveLength(16);
    expect(first.Iv).not.toBe(second.Iv);
    expect(JSON.stringify(first)).not.toContain('s3cr');
    expect(cipher.decrypt(first, AT)).toBe('s3cr€t');
    expect(cipher.decrypt(second, AT)).toBe('s3cr€t');
  });

  it('decrypts a secret of any key of the keyring (hex or base64), not only the active one', () => {
    const underK1 = new SecretCipher({ keys: { k1: HEX_KEY }, activeKeyId: 'k1' }).encrypt('old', AT);
    expect(cipher.decrypt(underK1, AT)).toBe('old');
  });

  it('refuses a secret encrypted with another key under the same ID', () => {
    const other = new SecretCipher({ keys: { k2: randomBytes(32).toString('hex') }, activeKeyId: 'k2' }).encrypt('x', AT);
    const failure = failureOf(() => cipher.decrypt(other, AT));
    expect(failure).toBeInstanceOf(SecretDecryptionError);
    expect(failure).toMatchObject({ failure: 'not-authentic', keyId: 'k2', location: AT });
  });

  it.each([
    ['data', 'Data'],
    ['tag', 'Tag'],
    ['IV', 'Iv'],
  ] as const)('refuses a secret whose %s was altered', (_, field) => {
    const secret = cipher.encrypt('value', AT);
    const bytes = Buffer.from(secret[field], 'base64');
    bytes[0] ^= 1;
    expect(failureOf(() => cipher.decrypt({ ...secret, [field]: bytes.toString('base64') }, AT)).failure).toBe('not-authentic');
  });

  it('refuses a secret moved to another property or another target type (additional authenticated data)', () => {
    const secret = cipher.encrypt('value', AT);
    expect(failureOf(() => cipher.decrypt(secret, { targetType: 'Http', property: 'CustomAuthHeaderValue' })).failure).toBe(
      'not-authentic',
    );
    expect(failureOf(() => cipher.decrypt(secret, { targetType: 'MessageSender', property: 'Secret' })).failure).toBe('not-authentic');
  });

  it('refuses a secret relabelled with another key ID of the keyring', () => {
    const secret = new SecretCipher({ keys: { k1: HEX_KEY }, activeKeyId: 'k1' }).encrypt('value', AT);
    const relabelled = { ...secret, KeyId: 'k2' };
    expect(failureOf(() => cipher.decrypt(relabelled, AT)).failure).toBe('not-authentic');
  });

  it('names the key ID, the target and the property of a secret under a key it lacks, never the value', () => {
    const secret = new SecretCipher({ keys: { gone: HEX_KEY }, activeKeyId: 'gone' }).encrypt('the-plaintext', AT);
    const failure = failureOf(() => cipher.decrypt(secret, AT));
    expect(failure).toMatchObject({ failure: 'unknown-key', keyId: 'gone' });
    expect(failure.message).toBe(
      'DeliveryTargets.Http.Secret cannot be decrypted: it is encrypted with key "gone", which is not in secretEncryption.keys.',
    );
    const withoutKeyring = failureOf(() => new SecretCipher(null).decrypt(secret, AT));
    expect(withoutKeyring.failure).toBe('no-keyring');
    expect(withoutKeyring.message).not.toContain('the-plaintext');
  });

  it('has no key to encrypt with without a keyring', () => {
    const none = new SecretCipher(null);
    expect(none.activeKeyId).toBeUndefined();
    expect(() => none.encrypt('x', AT)).toThrow(/No secretEncryption keyring/);
  });

  it('tells its stored form from a string', () => {
    expect(isEncryptedSecret('plain')).toBe(false);
    expect(isEncryptedSecret({ $encrypted: 'rot13' })).toBe(false);
    expect(isEncryptedSecret(null)).toBe(false);
  });
});
