import { hashPassword, verifyPassword } from './password-hasher';

describe('password hashing', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('Admin#2026');
    expect(stored).toMatch(/^scrypt\$[\w-]+\$[\w-]+$/);
    await expect(verifyPassword('Admin#2026', stored)).resolves.toBe(true);
    await expect(verifyPassword('admin#2026', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('refuses a stored value it does not understand', async () => {
    await expect(verifyPassword('x', 'plain-text')).resolves.toBe(false);
  });
});
