import { JwtService } from '@nestjs/jwt';
import { DeliveryConfigurations, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../sample-app/auth/token.service';
import { sdkFailure } from '../support/ordercloud-error';
import { ADMIN, BUYER, login, loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';
import { bodyOf } from '../support/http';

const TARGETS = { Http: { Endpoint: 'https://hooks.example.com/tracking', Secret: 'hook-secret' } };
const EVENT = { EventType: 'UserLoggedIn' as const, ClientID: 'storefront', Name: 'Logins', DeliveryConfigID: 'dc-roles' };

describe.each(TEST_DATABASES)('Admin API tokens and roles ($name)', (database) => {
  let running: RunningSampleApp;

  beforeAll(async () => {
    running = await startSampleApp(database);
    useSdkAgainst(running);
    await loginAsAdmin();
    await DeliveryConfigurations.Create({ ID: 'dc-roles', Name: 'Roles', DeliveryTargets: TARGETS });
    await TrackingEvents.Create({ ID: 'te-roles', ...EVENT });
  });

  afterAll(async () => {
    await running?.close();
  });

  describe('without a valid token', () => {
    it('answers 401 to a request without a token', async () => {
      const adminToken = Tokens.GetAccessToken();
      Tokens.RemoveAccessToken();
      try {
        const failure = await sdkFailure(TrackingEvents.List());
        expect(failure.status).toBe(401);
        expect(failure.errorCode).toBe('InvalidToken');
      } finally {
        Tokens.SetAccessToken(adminToken!);
      }
    });

    it.each([
      ['a token that is not a JWT', 'Bearer not-a-token'],
      ['a token signed with another key', `Bearer ${forgedToken()}`],
      ['another scheme', 'Basic YWRtaW46QWRtaW4jMjAyNg=='],
    ])('answers 401 to %s', async (_, authorization) => {
      const response = await fetch(`${running.baseUrl}/v1/integrations/deliveryconfig`, { headers: { authorization } });
      expect(response.status).toBe(401);
      expect(await bodyOf(response)).toEqual({
        Errors: [{ ErrorCode: 'InvalidToken', Message: 'Access token is missing, invalid or expired.', Data: null }],
      });
    });

    it('answers 401 to an expired token', async () => {
      // A token the app itself signed, with the admin's claims, that expired a minute ago.
      const expired = running.app
        .get(JwtService)
        .sign(
          { usr: 'admin', u: 'admin', cid: ADMIN.clientId, usrtype: 'admin', role: ['FullAccess'] },
          { expiresIn: -60, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
        );
      const response = await fetch(`${running.baseUrl}/v1/integrations/TrackingEvents`, {
        headers: { authorization: `Bearer ${expired}` },
      });
      expect(response.status).toBe(401);
      expect((await bodyOf(response)).Errors[0].ErrorCode).toBe('InvalidToken');
    });
  });

  describe('with a TrackingEventReader token', () => {
    let token: string;
    beforeAll(async () => {
      token = await login(ADMIN, ['TrackingEventReader']);
    });

    it('can list and read TrackingEvents', async () => {
      expect((await TrackingEvents.List({}, { accessToken: token })).Items.map((event) => event.ID)).toEqual(['te-roles']);
      expect((await TrackingEvents.Get('te-roles', { accessToken: token })).Name).toBe('Logins');
    });

    it.each([
      ['Create', () => TrackingEvents.Create({ ...EVENT, EventType: 'OrderSubmitted' }, { accessToken: token })],
      ['Save', () => TrackingEvents.Save('te-roles', EVENT, { accessToken: token })],
      ['Patch', () => TrackingEvents.Patch('te-roles', { Name: 'x' }, { accessToken: token })],
      ['Delete', () => TrackingEvents.Delete('te-roles', { accessToken: token })],
    ])('cannot %s a TrackingEvent: 403 Auth.InsufficientRoles listing the roles that would do', async (_, call) => {
      const failure = await sdkFailure(call());
      expect(failure.status).toBe(403);
      expect(failure.errorCode).toBe('Auth.InsufficientRoles');
      expect(failure.errors[0].Data).toEqual({
        SufficientRoles: ['FullAccess', 'TrackingEventAdmin'],
        AssignedRoles: ['TrackingEventReader'],
      });
    });

    it('cannot read DeliveryConfigs', async () => {
      const failure = await sdkFailure(DeliveryConfigurations.List({}, { accessToken: token }));
      expect(failure.status).toBe(403);
      expect(failure.errors[0].Data).toEqual({
        SufficientRoles: ['FullAccess', 'DeliveryConfigAdmin'],
        AssignedRoles: ['TrackingEventReader'],
      });
    });
  });

  describe('with a TrackingEventAdmin token', () => {
    it('can manage TrackingEvents but not DeliveryConfigs', async () => {
      const token = await login(ADMIN, ['TrackingEventAdmin']);
      await TrackingEvents.Patch('te-roles', { Name: 'Renamed by TrackingEventAdmin' }, { accessToken: token });
      expect((await TrackingEvents.Get('te-roles', { accessToken: token })).Name).toBe('Renamed by TrackingEventAdmin');
      const failure = await sdkFailure(DeliveryConfigurations.Get('dc-roles', { accessToken: token }));
      expect(failure.errorCode).toBe('Auth.InsufficientRoles');
    });
  });

  describe('with a DeliveryConfigAdmin token', () => {
    it('can manage DeliveryConfigs but not TrackingEvents', async () => {
      const token = await login(ADMIN, ['DeliveryConfigAdmin']);
      await DeliveryConfigurations.Patch('dc-roles', { Name: 'Renamed by DeliveryConfigAdmin' }, { accessToken: token });
      expect((await DeliveryConfigurations.Get('dc-roles', { accessToken: token })).Name).toBe('Renamed by DeliveryConfigAdmin');
      const failure = await sdkFailure(TrackingEvents.List({}, { accessToken: token }));
      expect(failure.status).toBe(403);
      expect(failure.errors[0].Data).toEqual({
        SufficientRoles: ['FullAccess', 'TrackingEventAdmin', 'TrackingEventReader'],
        AssignedRoles: ['DeliveryConfigAdmin'],
      });
    });
  });

  describe('with a buyer token', () => {
    it('is refused whatever the roles', async () => {
      const token = await login(BUYER);
      const failure = await sdkFailure(TrackingEvents.List({}, { accessToken: token }));
      expect(failure.status).toBe(403);
      expect(failure.errorCode).toBe('Auth.UserNotAuthorizedToAdmin');
    });
  });

  describe('logging in', () => {
    it('refuses a wrong password the OAuth way', async () => {
      const response = await fetch(`${running.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: ADMIN.clientId, username: 'admin', password: 'wrong' }),
      });
      expect(response.status).toBe(400);
      expect(await bodyOf(response)).toMatchObject({ error: 'invalid_grant', Errors: [{ ErrorCode: 'Auth.InvalidUsernameOrPassword' }] });
    });

    it('issues OrderCloud-style claims', async () => {
      const token = await login(BUYER);
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ usr: 'buyer01', u: 'buyer01', cid: 'storefront', usrtype: 'buyer', role: ['Shopper'] });
    });
  });
});

/** A well-formed JWT with admin claims, signed with a key the app does not know. */
function forgedToken(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ usr: 'admin', cid: 'admin-portal', usrtype: 'admin', role: ['FullAccess'], exp: 4102444800 })}.c2lnbmF0dXJl`;
}
