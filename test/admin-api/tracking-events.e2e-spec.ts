import { DeliveryConfigurations, TrackingEvents } from 'ordercloud-javascript-sdk';
import { sdkFailure } from '../support/ordercloud-error';
import { loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

const HTTP_TARGET = { Http: { Endpoint: 'https://hooks.example.com/tracking', Secret: 'hook-secret' } };

describe.each(TEST_DATABASES)('TrackingEvents through the OrderCloud SDK ($name)', (database) => {
  let running: RunningSampleApp;

  beforeAll(async () => {
    running = await startSampleApp(database);
    useSdkAgainst(running);
    await loginAsAdmin();
    await DeliveryConfigurations.Create({ ID: 'dc-main', Name: 'Main', DeliveryTargets: HTTP_TARGET });
    await DeliveryConfigurations.Create({ ID: 'dc-other', Name: 'Other', DeliveryTargets: HTTP_TARGET });
  });

  afterAll(async () => {
    await running?.close();
  });

  describe('Create', () => {
    it('stores every property and returns the event', async () => {
      const created = await TrackingEvents.Create({
        ID: 'login-storefront',
        EventType: 'UserLoggedIn',
        ClientID: 'storefront',
        Name: 'Storefront logins',
        ConfigData: { ProductUrlTemplate: 'https://shop.example.com/p/{ProductID}' },
        DeliveryConfigID: 'dc-main',
      });
      expect(created).toEqual({
        ID: 'login-storefront',
        EventType: 'UserLoggedIn',
        ClientID: 'storefront',
        Name: 'Storefront logins',
        ConfigData: { ProductUrlTemplate: 'https://shop.example.com/p/{ProductID}' },
        DeliveryConfigID: 'dc-main',
      });
      expect(await TrackingEvents.Get('login-storefront')).toEqual(created);
    });

    it('generates a unique, URL-safe ID when none is given', async () => {
      const first = await TrackingEvents.Create({
        EventType: 'LineItemAdded',
        ClientID: 'storefront',
        Name: 'Adds',
        DeliveryConfigID: 'dc-main',
      });
      const second = await TrackingEvents.Create({
        EventType: 'LineItemAdded',
        ClientID: 'admin-portal',
        Name: 'Adds',
        DeliveryConfigID: 'dc-main',
      });
      expect(first.ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(second.ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(first.ID).not.toBe(second.ID);
      expect(first.ConfigData).toBeNull();
    });

    it('answers IdExists (409) for an ID that is taken', async () => {
      const failure = await sdkFailure(
        TrackingEvents.Create({
          ID: 'login-storefront',
          EventType: 'OrderSubmitted',
          ClientID: 'storefront',
          Name: 'x',
          DeliveryConfigID: 'dc-main',
        }),
      );
      expect(failure.status).toBe(409);
      expect(failure.errorCode).toBe('IdExists');
    });

    it('allows one TrackingEvent per API client and event type', async () => {
      const failure = await sdkFailure(
        TrackingEvents.Create({ EventType: 'UserLoggedIn', ClientID: 'storefront', Name: 'Again', DeliveryConfigID: 'dc-other' }),
      );
      expect(failure.status).toBe(409);
      expect(failure.errorCode).toBe('TrackingEvent.CannotCreateMultipleEventsOfSameType');
      expect(failure.errors[0].Data).toMatchObject({ ClientID: 'storefront', EventType: 'UserLoggedIn', ExistingID: 'login-storefront' });
    });

    it('refuses an API client the host does not know', async () => {
      const failure = await sdkFailure(
        TrackingEvents.Create({ EventType: 'OrderSubmitted', ClientID: 'no-such-client', Name: 'x', DeliveryConfigID: 'dc-main' }),
      );
      expect(failure.status).toBe(400);
      expect(failure.errorCode).toBe('TrackingEvent.InvalidClientID');
    });

    it('refuses a DeliveryConfigID that does not exist', async () => {
      const failure = await sdkFailure(
        TrackingEvents.Create({ EventType: 'OrderSubmitted', ClientID: 'storefront', Name: 'x', DeliveryConfigID: 'no-such-config' }),
      );
      expect(failure.status).toBe(400);
      expect(failure.errorCode).toBe('TrackingEvent.InvalidDeliveryConfigID');
    });

    it.each([
      [{ ClientID: 'storefront', Name: 'x', DeliveryConfigID: 'dc-main' }, 'EventType is required.'],
      [
        { EventType: 'PageViewed', ClientID: 'storefront', Name: 'x', DeliveryConfigID: 'dc-main' },
        'EventType must be one of UserLoggedIn, LineItemAdded, LineItemUpdated, OrderSubmitted.',
      ],
      [{ EventType: 'OrderSubmitted', Name: 'x', DeliveryConfigID: 'dc-main' }, 'ClientID is required.'],
      [{ EventType: 'OrderSubmitted', ClientID: 'storefront', DeliveryConfigID: 'dc-main' }, 'Name is required.'],
      [{ EventType: 'OrderSubmitted', ClientID: 'storefront', Name: 'x' }, 'DeliveryConfigID is required.'],
      [
        { ID: 'has space', EventType: 'OrderSubmitted', ClientID: 'storefront', Name: 'x', DeliveryConfigID: 'dc-main' },
        'ID can only contain letters, digits, - and _.',
      ],
      [
        { ID: 'x'.repeat(101), EventType: 'OrderSubmitted', ClientID: 'storefront', Name: 'x', DeliveryConfigID: 'dc-main' },
        'ID must be at most 100 characters long.',
      ],
    ])('answers ValidationFailure naming the field for %j', async (body, message) => {
      const failure = await sdkFailure(TrackingEvents.Create(body as never));
      expect(failure.status).toBe(400);
      expect(failure.errorCode).toBe('ValidationFailure');
      expect(failure.errors.map((error) => error.Message)).toContain(message);
    });

    it('accepts an ID of exactly 100 allowed characters', async () => {
      const id = `${'a'.repeat(48)}-${'B'.repeat(25)}_${'9'.repeat(25)}`;
      const created = await TrackingEvents.Create({
        ID: id,
        EventType: 'OrderSubmitted',
        ClientID: 'admin-portal',
        Name: 'Long',
        DeliveryConfigID: 'dc-main',
      });
      expect(created.ID).toBe(id);
      await TrackingEvents.Delete(id);
    });
  });

  describe('Get', () => {
    it('answers NotFound with the object type and ID', async () => {
      const failure = await sdkFailure(TrackingEvents.Get('missing-event'));
      expect(failure.status).toBe(404);
      expect(failure.errorCode).toBe('NotFound');
      expect(failure.errors[0].Data).toEqual({ ObjectType: 'TrackingEvent', ObjectID: 'missing-event' });
    });
  });

  describe('Save (PUT)', () => {
    it('creates an event under the ID of the path', async () => {
      const saved = await TrackingEvents.Save('submit-storefront', {
        EventType: 'OrderSubmitted',
        ClientID: 'storefront',
        Name: 'Orders',
        DeliveryConfigID: 'dc-main',
      });
      expect(saved.ID).toBe('submit-storefront');
      expect(await TrackingEvents.Get('submit-storefront')).toEqual(saved);
    });

    it('replaces the whole event, ConfigData included', async () => {
      await TrackingEvents.Patch('submit-storefront', { ConfigData: { a: 1 } });
      const saved = await TrackingEvents.Save('submit-storefront', {
        EventType: 'OrderSubmitted',
        ClientID: 'storefront',
        Name: 'Orders, renamed',
        DeliveryConfigID: 'dc-other',
      });
      expect(saved).toEqual({
        ID: 'submit-storefront',
        EventType: 'OrderSubmitted',
        ClientID: 'storefront',
        Name: 'Orders, renamed',
        ConfigData: null,
        DeliveryConfigID: 'dc-other',
      });
    });

    it('refuses to change ClientID or EventType', async () => {
      const failure = await sdkFailure(
        TrackingEvents.Save('submit-storefront', {
          EventType: 'LineItemUpdated',
          ClientID: 'admin-portal',
          Name: 'x',
          DeliveryConfigID: 'dc-main',
        }),
      );
      expect(failure.status).toBe(400);
      expect(failure.errorCode).toBe('TrackingEvent.CannotUpdateProperty');
      expect(failure.errors[0].Data).toEqual({ Properties: ['ClientID', 'EventType'] });
    });

    it('refuses a DeliveryConfigID that does not exist', async () => {
      const failure = await sdkFailure(
        TrackingEvents.Save('submit-storefront', {
          EventType: 'OrderSubmitted',
          ClientID: 'storefront',
          Name: 'x',
          DeliveryConfigID: 'nope',
        }),
      );
      expect(failure.errorCode).toBe('TrackingEvent.InvalidDeliveryConfigID');
    });

    it('refuses to create a second event of the same type for a client', async () => {
      const failure = await sdkFailure(
        TrackingEvents.Save('submit-storefront-2', {
          EventType: 'OrderSubmitted',
          ClientID: 'storefront',
          Name: 'x',
          DeliveryConfigID: 'dc-main',
        }),
      );
      expect(failure.errorCode).toBe('TrackingEvent.CannotCreateMultipleEventsOfSameType');
    });

    it('refuses a path ID that breaks the ID rules', async () => {
      const failure = await sdkFailure(
        TrackingEvents.Save('bad.id', { EventType: 'LineItemUpdated', ClientID: 'storefront', Name: 'x', DeliveryConfigID: 'dc-main' }),
      );
      expect(failure.errorCode).toBe('ValidationFailure');
      expect(failure.errors[0].Data).toEqual({ Property: 'ID' });
    });
  });

  describe('Patch', () => {
    it('changes only what the body names, merging ConfigData', async () => {
      await TrackingEvents.Patch('login-storefront', { ConfigData: { Locale: 'en-US' } });
      const patched = await TrackingEvents.Patch('login-storefront', { Name: 'Logins' });
      expect(patched).toEqual({
        ID: 'login-storefront',
        EventType: 'UserLoggedIn',
        ClientID: 'storefront',
        Name: 'Logins',
        ConfigData: { ProductUrlTemplate: 'https://shop.example.com/p/{ProductID}', Locale: 'en-US' },
        DeliveryConfigID: 'dc-main',
      });
    });

    it('refuses to change EventType or ClientID', async () => {
      const failure = await sdkFailure(TrackingEvents.Patch('login-storefront', { EventType: 'OrderSubmitted' }));
      expect(failure.status).toBe(400);
      expect(failure.errorCode).toBe('TrackingEvent.CannotUpdateProperty');
      const clientFailure = await sdkFailure(TrackingEvents.Patch('login-storefront', { ClientID: 'admin-portal' }));
      expect(clientFailure.errorCode).toBe('TrackingEvent.CannotUpdateProperty');
    });

    it('refuses a DeliveryConfigID that does not exist', async () => {
      const failure = await sdkFailure(TrackingEvents.Patch('login-storefront', { DeliveryConfigID: 'nope' }));
      expect(failure.errorCode).toBe('TrackingEvent.InvalidDeliveryConfigID');
    });

    it('refuses a value of the wrong type', async () => {
      const failure = await sdkFailure(TrackingEvents.Patch('login-storefront', { Name: 42 as never }));
      expect(failure.errorCode).toBe('ValidationFailure');
      expect(failure.errors[0].Message).toBe('Name must be a string.');
    });

    it('moves the event to the ID given in the body', async () => {
      const moved = await TrackingEvents.Patch('submit-storefront', { ID: 'orders-storefront' });
      expect(moved.ID).toBe('orders-storefront');
      expect((await sdkFailure(TrackingEvents.Get('submit-storefront'))).errorCode).toBe('NotFound');
      expect((await TrackingEvents.Get('orders-storefront')).Name).toBe('Orders, renamed');
    });

    it('refuses to move onto an ID that is taken', async () => {
      const failure = await sdkFailure(TrackingEvents.Patch('orders-storefront', { ID: 'login-storefront' }));
      expect(failure.status).toBe(409);
      expect(failure.errorCode).toBe('IdExists');
    });

    it('answers NotFound for an event that does not exist', async () => {
      expect((await sdkFailure(TrackingEvents.Patch('missing-event', { Name: 'x' }))).errorCode).toBe('NotFound');
    });
  });

  describe('Delete', () => {
    it('deletes the event', async () => {
      await TrackingEvents.Create({
        ID: 'to-delete',
        EventType: 'LineItemUpdated',
        ClientID: 'storefront',
        Name: 'x',
        DeliveryConfigID: 'dc-main',
      });
      await TrackingEvents.Delete('to-delete');
      expect((await sdkFailure(TrackingEvents.Get('to-delete'))).errorCode).toBe('NotFound');
    });

    it('answers NotFound for an event that does not exist', async () => {
      const failure = await sdkFailure(TrackingEvents.Delete('to-delete'));
      expect(failure.status).toBe(404);
      expect(failure.errorCode).toBe('NotFound');
    });
  });
});
