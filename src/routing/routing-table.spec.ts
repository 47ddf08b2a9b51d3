import type { DataSource } from 'typeorm';
import { DeliveryConfigEntity, TrackingEventEntity } from '../entities';
import { migratedSqliteDataSource } from '../migrations/sqlite-data-source.fixtures';
import { RoutingTable } from './routing-table';
import { deliveryTargetSecrets } from '../secret-encryption/delivery-target-secrets.fixtures';

describe('RoutingTable', () => {
  let dataSource: DataSource;
  let table: RoutingTable;

  const config = (id: string, enabled: boolean, targets: string[]) =>
    dataSource
      .getRepository(DeliveryConfigEntity)
      .save({ id, name: id, enabled, deliveryTargets: Object.fromEntries(targets.map((type) => [type, {}])) });
  const event = (id: string, clientId: string, eventType: string, deliveryConfigId: string) =>
    dataSource.getRepository(TrackingEventEntity).save({ id, clientId, eventType, name: id, deliveryConfigId, configData: null });

  beforeEach(async () => {
    dataSource = await migratedSqliteDataSource();
    table = new RoutingTable(dataSource, deliveryTargetSecrets());
    await config('webhook', true, ['Http', 'SendEvent']);
    await config('off', false, ['Http']);
    await event('adds', 'storefront', 'LineItemAdded', 'webhook');
    await event('orders', 'storefront', 'OrderSubmitted', 'off');
    await event('pos-adds', 'pos', 'LineItemAdded', 'webhook');
  });

  afterEach(async () => {
    await dataSource.destroy();
  });

  it("routes an API client's event type to every target of its enabled DeliveryConfig", async () => {
    expect((await table.snapshot()).routesFor('storefront', 'LineItemAdded')).toEqual([
      { trackingEventId: 'adds', deliveryConfigId: 'webhook', targetTypes: ['Http', 'SendEvent'] },
    ]);
  });

  it('routes nothing through a disabled DeliveryConfig', async () => {
    expect((await table.snapshot()).routesFor('storefront', 'OrderSubmitted')).toEqual([]);
  });

  it('routes nothing for another API client or another event type', async () => {
    expect((await table.snapshot()).routesFor('admin-portal', 'LineItemAdded')).toEqual([]);
    expect((await table.snapshot()).routesFor('storefront', 'UserLoggedIn')).toEqual([]);
    expect((await table.snapshot()).routesFor('pos', 'LineItemAdded').map((route) => route.trackingEventId)).toEqual(['pos-adds']);
  });

  it('serves lookups from memory until invalidated', async () => {
    await table.snapshot();
    await dataSource.getRepository(DeliveryConfigEntity).update({ id: 'off' }, { enabled: true });
    expect((await table.snapshot()).routesFor('storefront', 'OrderSubmitted')).toEqual([]);
    table.invalidate();
    expect((await table.snapshot()).routesFor('storefront', 'OrderSubmitted')).toEqual([
      { trackingEventId: 'orders', deliveryConfigId: 'off', targetTypes: ['Http'] },
    ]);
  });

  it('reads again for a lookup that needs a snapshot read later than the one in hand', async () => {
    const first = await table.snapshot();
    expect(await table.snapshotReadSince(first.readAt)).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await dataSource.getRepository(DeliveryConfigEntity).update({ id: 'off' }, { enabled: true });
    const since = Date.now();
    const fresh = await table.snapshotReadSince(since);
    expect(fresh.readAt).toBeGreaterThanOrEqual(since);
    expect(fresh.deliveryConfig('off')?.enabled).toBe(true);
    expect(await table.snapshot()).toBe(fresh);
  });

  it('looks up the current DeliveryConfig and TrackingEvent of a delivery', async () => {
    const snapshot = await table.snapshot();
    expect(snapshot.deliveryConfig('webhook')?.deliveryTargets).toEqual({ Http: {}, SendEvent: {} });
    expect(snapshot.trackingEvent('pos-adds')?.clientId).toBe('pos');
    expect(snapshot.deliveryConfig('gone')).toBeUndefined();
  });

  it('decrypts the secrets of each DeliveryConfig, and names the targets whose secrets cannot be', async () => {
    const keyring = { keys: { k1: 'a'.repeat(64), k2: 'b'.repeat(64) }, activeKeyId: 'k1' };
    const secrets = deliveryTargetSecrets(keyring);
    const lost = deliveryTargetSecrets({ keys: { gone: 'c'.repeat(64) }, activeKeyId: 'gone' });
    const repository = dataSource.getRepository(DeliveryConfigEntity);
    await repository.save([
      { id: 'webhook', deliveryTargets: secrets.seal({ Http: { Endpoint: 'https://a.example', Secret: 'one' } }) },
      { id: 'off', deliveryTargets: lost.seal({ Http: { Endpoint: 'https://b.example', Secret: 'two' } }) },
    ]);
    table = new RoutingTable(dataSource, secrets);
    const snapshot = await table.snapshot();
    expect(snapshot.deliveryConfig('webhook')?.deliveryTargets).toEqual({ Http: { Endpoint: 'https://a.example', Secret: 'one' } });
    expect(snapshot.unreadableSecret('webhook', 'Http')).toBeUndefined();
    expect(snapshot.unreadableSecret('off', 'Http')).toMatchObject({ keyId: 'gone', failure: 'unknown-key' });
    expect(snapshot.deliveryConfig('off')?.deliveryTargets.Http.Secret).toMatchObject({ $encrypted: 'aes-256-gcm', KeyId: 'gone' });
  });

  it('reads again after a failed read instead of keeping the failure', async () => {
    await dataSource.destroy();
    await expect(table.snapshot()).rejects.toThrow();
    await dataSource.initialize();
    await config('webhook', true, ['Http']);
    await event('adds', 'storefront', 'LineItemAdded', 'webhook');
    expect((await table.snapshot()).routesFor('storefront', 'LineItemAdded')).toHaveLength(1);
  });
});
