import { DeliveryConfigurations, TrackingEvents } from 'ordercloud-javascript-sdk';
import { DataSource } from 'typeorm';
import { DeliveryConfigEntity } from '../../src';
import { sdkFailure } from '../support/ordercloud-error';
import { loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

/** Every target the sample app delivers to, with its secrets, as a client would send them. */
const ALL_TARGETS = {
  Http: {
    Endpoint: 'https://hooks.example.com/tracking',
    Secret: 'http-secret',
    CustomAuthHeaderName: 'x-functions-key',
    CustomAuthHeaderValue: 'fn-key',
  },
  SendEvent: { SiteID: '3f0c8a4e-6f7b-4a53-9d3e-2c9d8f1b7a10', ServiceEndpoint: 'https://t.stat-track.com' },
  DiscoverEvent: { ClientID: '1234-5678', ApiKey: 'discover-key', ServiceEndpoint: 'https://discover.sitecorecloud.io' },
  AuditLog: { Channel: 'orders' },
};

/** What the API must show of ALL_TARGETS: everything but the write-only secrets. */
const VISIBLE_TARGETS = {
  Http: { Endpoint: 'https://hooks.example.com/tracking', CustomAuthHeaderName: 'x-functions-key' },
  SendEvent: ALL_TARGETS.SendEvent,
  DiscoverEvent: { ClientID: '1234-5678', ServiceEndpoint: 'https://discover.sitecorecloud.io' },
  AuditLog: { Channel: 'orders' },
};

const SECRETS = ['http-secret', 'fn-key', 'discover-key'];
const HTTP = { Http: { Endpoint: 'https://hooks.example.com/a', Secret: 's' } };

describe.each(TEST_DATABASES)('DeliveryConfigurations through the OrderCloud SDK ($name)', (database) => {
  let running: RunningSampleApp;
  const stored = async (id: string) =>
    (await running.app.get(DataSource).getRepository(DeliveryConfigEntity).findOneByOrFail({ id })).deliveryTargets;

  beforeAll(async () => {
    running = await startSampleApp(database);
    useSdkAgainst(running);
    await loginAsAdmin();
  });

  afterAll(async () => {
    await running?.close();
  });

  describe('Create', () => {
    it('accepts every target type the server delivers to, and never returns their secrets', async () => {
      const created = await DeliveryConfigurations.Create({
        ID: 'everything',
        Name: 'Every target',
        Enabled: true,
        DeliveryTargets: ALL_TARGETS as never,
      });
      expect(created).toEqual({ ID: 'everything', Name: 'Every target', Enabled: true, DeliveryTargets: VISIBLE_TARGETS });
      const fetched = await DeliveryConfigurations.Get('everything');
      const listed = await DeliveryConfigurations.List({ filters: { ID: 'everything' } });
      expect(fetched).toEqual(created);
      expect(listed.Items).toEqual([created]);
      for (const secret of SECRETS) expect(JSON.stringify([created, fetched, listed])).not.toContain(secret);
      expect(await stored('everything')).toEqual(ALL_TARGETS);
    });

    it('defaults Enabled to true and generates an ID', async () => {
      const created = await DeliveryConfigurations.Create({ Name: 'Defaults', DeliveryTargets: HTTP });
      expect(created.Enabled).toBe(true);
      expect(created.ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
    });

    it('answers IdExists (409) for an ID that is taken', async () => {
      const failure = await sdkFailure(DeliveryConfigurations.Create({ ID: 'everything', Name: 'x', DeliveryTargets: HTTP }));
      expect(failure.status).toBe(409);
      expect(failure.errorCode).toBe('IdExists');
    });

    it.each([
      [{ Name: 'x', DeliveryTargets: {} }, 'DeliveryTargets', 'DeliveryTargets must configure at least one delivery target.'],
      [{ Name: 'x', DeliveryTargets: { Http: null } }, 'DeliveryTargets', 'DeliveryTargets must configure at least one delivery target.'],
      [{ Name: 'x' }, 'DeliveryTargets', 'DeliveryTargets is required.'],
      [{ DeliveryTargets: HTTP }, 'Name', 'Name is required.'],
      [{ Name: 'x'.repeat(129), DeliveryTargets: HTTP }, 'Name', 'Name must be at most 128 characters long.'],
      [{ Name: 'x', Enabled: 'yes', DeliveryTargets: HTTP }, 'Enabled', 'Enabled must be true or false.'],
      [
        { Name: 'x', DeliveryTargets: { Http: { Endpoint: 'https://h.example.com' } } },
        'DeliveryTargets.Http.Secret',
        'DeliveryTargets.Http.Secret is required.',
      ],
      [
        { Name: 'x', DeliveryTargets: { Http: { Endpoint: 'ftp://h.example.com', Secret: 's' } } },
        'DeliveryTargets.Http.Endpoint',
        'DeliveryTargets.Http.Endpoint must be an absolute http or https URL.',
      ],
      [
        { Name: 'x', DeliveryTargets: { Http: { Endpoint: 'https://h.example.com', Secret: 's'.repeat(51) } } },
        'DeliveryTargets.Http.Secret',
        'DeliveryTargets.Http.Secret must be at most 50 characters long.',
      ],
      [
        { Name: 'x', DeliveryTargets: { Http: { Endpoint: 'https://h.example.com', Secret: 's', CustomAuthHeaderName: 'x-key' } } },
        'DeliveryTargets.Http.CustomAuthHeaderValue',
        'DeliveryTargets.Http.CustomAuthHeaderValue is required when CustomAuthHeaderName is set.',
      ],
      [
        { Name: 'x', DeliveryTargets: { SendEvent: { SiteID: 'my-site', ServiceEndpoint: 'https://t.stat-track.com' } } },
        'DeliveryTargets.SendEvent.SiteID',
        'DeliveryTargets.SendEvent.SiteID must be the UUID of a Sitecore Send website.',
      ],
      [
        { Name: 'x', DeliveryTargets: { DiscoverEvent: { ClientID: 'c', ServiceEndpoint: 'https://d.example.com' } } },
        'DeliveryTargets.DiscoverEvent.ApiKey',
        'DeliveryTargets.DiscoverEvent.ApiKey is required.',
      ],
      [
        { Name: 'x', DeliveryTargets: { Carrier: { Endpoint: 'https://carrier.example.com' } } },
        'DeliveryTargets.Carrier',
        'DeliveryTargets.Carrier is not a delivery target this server supports. Supported targets: Http, SendEvent, DiscoverEvent, MessageSender, Kafka, EventHub, AzureBlob, AzureTable, CosmosDb, AuditLog.',
      ],
      [
        { Name: 'x', DeliveryTargets: { Mandrill: { ApiKey: 'k' } } },
        'DeliveryTargets.Mandrill',
        'DeliveryTargets.Mandrill is not a target for tracking events: OrderCloud uses it for message senders (e-mail through Mailchimp Transactional). Supported targets: Http, SendEvent, DiscoverEvent, MessageSender, Kafka, EventHub, AzureBlob, AzureTable, CosmosDb, AuditLog.',
      ],
      [
        { Name: 'x', DeliveryTargets: { SearchIngestion: { Domain: 'd' } } },
        'DeliveryTargets.SearchIngestion',
        'DeliveryTargets.SearchIngestion is not a target for tracking events: OrderCloud uses it for product sync to Sitecore Search. Supported targets: Http, SendEvent, DiscoverEvent, MessageSender, Kafka, EventHub, AzureBlob, AzureTable, CosmosDb, AuditLog.',
      ],
      [
        {
          Name: 'x',
          DeliveryTargets: {
            Http: { Endpoint: 'https://h.example.com', Secret: 's', CustomAuthHeaderName: 'X-OC-Hash', CustomAuthHeaderValue: 'v' },
          },
        },
        'DeliveryTargets.Http.CustomAuthHeaderName',
        'DeliveryTargets.Http.CustomAuthHeaderName must not be a header the Http target sets itself (content-type, content-length, host, connection, transfer-encoding, x-oc-hash, webhook-id, webhook-timestamp, webhook-signature, traceparent, tracestate).',
      ],
      [
        { Name: 'x', DeliveryTargets: { AuditLog: { Channel: '../etc' } } },
        'DeliveryTargets.AuditLog.Channel',
        'DeliveryTargets.AuditLog.Channel must be 1 to 50 lowercase letters, digits or -.',
      ],
      [
        { Name: 'x', DeliveryTargets: { Http: 'https://h.example.com' } },
        'DeliveryTargets.Http',
        'DeliveryTargets.Http must be a JSON object.',
      ],
    ])('answers ValidationFailure for %j, naming %s', async (body, property, message) => {
      const failure = await sdkFailure(DeliveryConfigurations.Create(body as never));
      expect(failure.status).toBe(400);
      expect(failure.errorCode).toBe('ValidationFailure');
      expect(failure.errors).toContainEqual({ ErrorCode: 'ValidationFailure', Message: message, Data: { Property: property } });
    });
  });

  describe('Get', () => {
    it('answers NotFound with the object type and ID', async () => {
      const failure = await sdkFailure(DeliveryConfigurations.Get('missing-config'));
      expect(failure.status).toBe(404);
      expect(failure.errors[0]).toMatchObject({
        ErrorCode: 'NotFound',
        Data: { ObjectType: 'DeliveryConfig', ObjectID: 'missing-config' },
      });
    });
  });

  describe('Save (PUT)', () => {
    it('creates a config under the path ID', async () => {
      const saved = await DeliveryConfigurations.Save('webhook', {
        Name: 'Webhook',
        Enabled: false,
        DeliveryTargets: {
          Http: {
            Endpoint: 'https://hooks.example.com/a',
            Secret: 'first-secret',
            CustomAuthHeaderName: 'x-key',
            CustomAuthHeaderValue: 'first-key',
          },
        },
      });
      expect(saved).toEqual({
        ID: 'webhook',
        Name: 'Webhook',
        Enabled: false,
        DeliveryTargets: { Http: { Endpoint: 'https://hooks.example.com/a', CustomAuthHeaderName: 'x-key' } },
      });
    });

    it('keeps the secrets of a kept target that the body leaves out', async () => {
      const saved = await DeliveryConfigurations.Save('webhook', {
        Name: 'Webhook v2',
        DeliveryTargets: {
          Http: { Endpoint: 'https://hooks.example.com/b', CustomAuthHeaderName: 'x-key' } as never,
          DiscoverEvent: { ClientID: 'ck', ApiKey: 'discover-key', ServiceEndpoint: 'https://discover.example.com' },
        },
      });
      expect(saved).toEqual({
        ID: 'webhook',
        Name: 'Webhook v2',
        Enabled: true,
        DeliveryTargets: {
          Http: { Endpoint: 'https://hooks.example.com/b', CustomAuthHeaderName: 'x-key' },
          DiscoverEvent: { ClientID: 'ck', ServiceEndpoint: 'https://discover.example.com' },
        },
      });
      expect(await stored('webhook')).toEqual({
        Http: {
          Endpoint: 'https://hooks.example.com/b',
          Secret: 'first-secret',
          CustomAuthHeaderName: 'x-key',
          CustomAuthHeaderValue: 'first-key',
        },
        DiscoverEvent: { ClientID: 'ck', ApiKey: 'discover-key', ServiceEndpoint: 'https://discover.example.com' },
      });
    });

    it('replaces secrets that are given and drops the targets that are left out', async () => {
      await DeliveryConfigurations.Save('webhook', {
        Name: 'Webhook v3',
        DeliveryTargets: { Http: { Endpoint: 'https://hooks.example.com/c', Secret: 'second-secret' } },
      });
      expect(await stored('webhook')).toEqual({ Http: { Endpoint: 'https://hooks.example.com/c', Secret: 'second-secret' } });
    });

    it('does not invent a secret for a target the config did not have', async () => {
      const failure = await sdkFailure(
        DeliveryConfigurations.Save('webhook', {
          Name: 'x',
          DeliveryTargets: { DiscoverEvent: { ClientID: 'ck', ServiceEndpoint: 'https://discover.example.com' } as never },
        }),
      );
      expect(failure.errors[0]).toMatchObject({
        ErrorCode: 'ValidationFailure',
        Data: { Property: 'DeliveryTargets.DiscoverEvent.ApiKey' },
      });
    });

    it('refuses a path ID that breaks the ID rules', async () => {
      const failure = await sdkFailure(DeliveryConfigurations.Save('a'.repeat(101), { Name: 'x', DeliveryTargets: HTTP }));
      expect(failure.errors[0]).toMatchObject({ ErrorCode: 'ValidationFailure', Data: { Property: 'ID' } });
    });
  });

  describe('Patch', () => {
    it('changes only what the body names and keeps every secret', async () => {
      const patched = await DeliveryConfigurations.Patch('everything', {
        Enabled: false,
        DeliveryTargets: { Http: { Endpoint: 'https://hooks.example.com/new' } },
      });
      expect(patched).toEqual({
        ...{ ID: 'everything', Name: 'Every target', Enabled: false },
        DeliveryTargets: { ...VISIBLE_TARGETS, Http: { ...VISIBLE_TARGETS.Http, Endpoint: 'https://hooks.example.com/new' } },
      });
      expect((await stored('everything')).Http).toEqual({ ...ALL_TARGETS.Http, Endpoint: 'https://hooks.example.com/new' });
    });

    it('removes a target, or clears an optional secret, given as null', async () => {
      await DeliveryConfigurations.Patch('everything', {
        DeliveryTargets: { AuditLog: null, Http: { CustomAuthHeaderName: null, CustomAuthHeaderValue: null } } as never,
      });
      const targets = await stored('everything');
      expect(targets.AuditLog).toBeUndefined();
      expect(targets.Http).toEqual({ Endpoint: 'https://hooks.example.com/new', Secret: 'http-secret' });
    });

    it('refuses a patch that leaves an invalid config', async () => {
      const failure = await sdkFailure(DeliveryConfigurations.Patch('webhook', { DeliveryTargets: { Http: { Secret: null } } as never }));
      expect(failure.errors[0]).toMatchObject({ ErrorCode: 'ValidationFailure', Data: { Property: 'DeliveryTargets.Http.Secret' } });
    });

    it('moves the config to a new ID, and the TrackingEvents that use it follow', async () => {
      await TrackingEvents.Create({
        ID: 'follows',
        EventType: 'UserLoggedIn',
        ClientID: 'storefront',
        Name: 'x',
        DeliveryConfigID: 'webhook',
      });
      const moved = await DeliveryConfigurations.Patch('webhook', { ID: 'webhook-renamed' });
      expect(moved.ID).toBe('webhook-renamed');
      expect((await TrackingEvents.Get('follows')).DeliveryConfigID).toBe('webhook-renamed');
      expect((await sdkFailure(DeliveryConfigurations.Get('webhook'))).errorCode).toBe('NotFound');
      expect((await stored('webhook-renamed')).Http).toEqual({ Endpoint: 'https://hooks.example.com/c', Secret: 'second-secret' });
    });

    it('refuses to move onto an ID that is taken', async () => {
      const failure = await sdkFailure(DeliveryConfigurations.Patch('webhook-renamed', { ID: 'everything' }));
      expect(failure.status).toBe(409);
      expect(failure.errorCode).toBe('IdExists');
    });

    it('answers NotFound for a config that does not exist', async () => {
      expect((await sdkFailure(DeliveryConfigurations.Patch('missing-config', { Name: 'x' }))).errorCode).toBe('NotFound');
    });
  });

  describe('Delete', () => {
    it('refuses to delete a config that TrackingEvents use, naming them', async () => {
      const failure = await sdkFailure(DeliveryConfigurations.Delete('webhook-renamed'));
      expect(failure.status).toBe(400);
      expect(failure.errorCode).toBe('DeliveryConfig.CannotDeleteConfigInUse');
      expect(failure.errors[0].Data).toEqual({ DeliveryConfigID: 'webhook-renamed', TrackingEventIDs: ['follows'] });
    });

    it('deletes a config nothing uses', async () => {
      await TrackingEvents.Delete('follows');
      await DeliveryConfigurations.Delete('webhook-renamed');
      expect((await sdkFailure(DeliveryConfigurations.Get('webhook-renamed'))).errorCode).toBe('NotFound');
    });

    it('answers NotFound for a config that does not exist', async () => {
      const failure = await sdkFailure(DeliveryConfigurations.Delete('webhook-renamed'));
      expect(failure.status).toBe(404);
      expect(failure.errorCode).toBe('NotFound');
    });
  });
});
