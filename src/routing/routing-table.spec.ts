import type { DataSource } from 'typeorm';
import { DeliveryConfigEntity, TrackingEventEntity } from '../entities';
import { migratedSqliteDataSource } from '../migrations/sqlite-data-source.fixtures';
import { RoutingTable } from './routing-table';

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
    table = new RoutingTable(dataSource);
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

  it('looks up the current DeliveryConfig and TrackingEvent of a delivery', async () => {
    const snapshot = await table.snapshot();
    expect(snapshot.deliveryConfig('webhook')?.deliveryTargets).toEqual({ Http: {}, SendEvent: {} });
    expect(snapshot.trackingEvent('pos-adds')?.clientId).toBe('pos');
    expect(snapshot.deliveryConfig('gone')).toBeUndefined();
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
