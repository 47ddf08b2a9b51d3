import { grantedRoles, passwordMatches } from './auth.service';
import { hashPassword, verifyPassword } from './password-hasher';
import type { UserEntity } from './user.entity';

describe('grantedRoles', () => {
  it('gives every role of the user when no scope is requested', () => {
    expect(grantedRoles(['Shopper', 'MeAdmin'], undefined)).toEqual(['Shopper', 'MeAdmin']);
  });

  it('gives only the requested roles the user holds', () => {
    expect(grantedRoles(['Shopper'], 'Shopper FullAccess')).toEqual(['Shopper']);
  });

  it('lets a FullAccess user narrow the token to any roles', () => {
    expect(grantedRoles(['FullAccess'], 'TrackingEventReader  TrackingEventReader')).toEqual(['TrackingEventReader']);
  });
});

describe('passwordMatches', () => {
  const userWith = async (password: string, active = true) =>
    ({ id: 'u1', username: 'u1', passwordHash: await hashPassword(password), active }) as UserEntity;
  /** The real check, recording which hashes it ran against. */
  const recordingVerify = () => {
    const hashes: string[] = [];
    const verify = (password: string, hash: string) => {
      hashes.push(hash);
      return verifyPassword(password, hash);
    };
    return { hashes, verify };
  };

  it("accepts an active user's password, and refuses another", async () => {
    const user = await userWith('right');
    expect(await passwordMatches(user, 'right')).toBe(true);
    expect(await passwordMatches(user, 'wrong')).toBe(false);
  });

  it('runs the same scrypt check for an unknown user, against a well-formed hash, and refuses', async () => {
    const { hashes, verify } = recordingVerify();
    expect(await passwordMatches(null, 'anything', verify)).toBe(false);
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toMatch(/^scrypt\$[\w-]{22}\$[\w-]{43}$/);
  });

  it('runs the check for an inactive user too, and refuses even the right password', async () => {
    const user = await userWith('right', false);
    const { hashes, verify } = recordingVerify();
    expect(await passwordMatches(user, 'right', verify)).toBe(false);
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).not.toBe(user.passwordHash);
  });
});
