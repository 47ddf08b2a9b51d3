import { grantedRoles } from './auth.service';

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
