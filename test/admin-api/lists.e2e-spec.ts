import { DeliveryConfigurations, TrackingEvents } from 'ordercloud-javascript-sdk';
import { sdkFailure } from '../support/ordercloud-error';
import { loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

const TARGETS = { Http: { Endpoint: 'https://hooks.example.com/tracking', Secret: 'hook-secret' } };
const CLIENTS = ['storefront', 'admin-portal'];
const EVENT_TYPES = ['UserLoggedIn', 'LineItemAdded', 'LineItemUpdated', 'OrderSubmitted'] as const;

describe.each(TEST_DATABASES)('OrderCloud list conventions ($name)', (database) => {
  let running: RunningSampleApp;

  beforeAll(async () => {
    running = await startSampleApp(database);
    useSdkAgainst(running);
    await loginAsAdmin();
    // 25 configs: cfg-01 … cfg-25; every fifth one disabled; names "Config 1" … "Config 25", two of them "Send …".
    for (let n = 1; n <= 25; n++) {
      const id = `cfg-${String(n).padStart(2, '0')}`;
      const name = n === 7 || n === 17 ? `Send 50%_off ${n}` : `Config ${n}`;
      await DeliveryConfigurations.Create({ ID: id, Name: name, Enabled: n % 5 !== 0, DeliveryTargets: TARGETS });
    }
    // 8 TrackingEvents: one per client and event type.
    for (const client of CLIENTS) {
      for (const type of EVENT_TYPES) {
        await TrackingEvents.Create({
          ID: `${client}-${type}`,
          EventType: type,
          ClientID: client,
          Name: `${type} of ${client}`,
          DeliveryConfigID: 'cfg-01',
        });
      }
    }
  });

  afterAll(async () => {
    await running?.close();
  });

  const ids = (page: { Items: Array<{ ID?: string }> }) => page.Items.map((item) => item.ID);

  it('pages 20 at a time by default, with OrderCloud Meta', async () => {
    const first = await DeliveryConfigurations.List();
    expect(first.Meta).toEqual({ Page: 1, PageSize: 20, TotalCount: 25, TotalPages: 2, ItemRange: [1, 20] });
    expect(first.Items).toHaveLength(20);
    const second = await DeliveryConfigurations.List({ page: 2 });
    expect(second.Meta).toEqual({ Page: 2, PageSize: 20, TotalCount: 25, TotalPages: 2, ItemRange: [21, 25] });
    expect(ids(second)).toEqual(['cfg-21', 'cfg-22', 'cfg-23', 'cfg-24', 'cfg-25']);
  });

  it('honours pageSize up to 100 and answers an empty page past the end', async () => {
    expect((await DeliveryConfigurations.List({ pageSize: 100 })).Items).toHaveLength(25);
    const beyond = await DeliveryConfigurations.List({ page: 9, pageSize: 10 });
    expect(beyond.Items).toEqual([]);
    expect(beyond.Meta).toMatchObject({ TotalCount: 25, TotalPages: 3 });
  });

  it('sorts by a comma list, ! meaning descending', async () => {
    expect(ids(await DeliveryConfigurations.List({ sortBy: ['!ID'], pageSize: 3 }))).toEqual(['cfg-25', 'cfg-24', 'cfg-23']);
    const byType = await TrackingEvents.List({ sortBy: ['EventType', '!ID'], pageSize: 4 });
    expect(ids(byType)).toEqual([
      'storefront-LineItemAdded',
      'admin-portal-LineItemAdded',
      'storefront-LineItemUpdated',
      'admin-portal-LineItemUpdated',
    ]);
  });

  it('searches the searchable fields, or the ones named in searchOn', async () => {
    expect(ids(await DeliveryConfigurations.List({ search: 'send', sortBy: ['ID'] }))).toEqual(['cfg-07', 'cfg-17']);
    expect(ids(await DeliveryConfigurations.List({ search: '50%_off', searchOn: ['Name'] }))).toEqual(['cfg-07', 'cfg-17']);
    expect((await DeliveryConfigurations.List({ search: 'cfg-1', searchOn: ['Name'] })).Items).toEqual([]);
    expect(ids(await TrackingEvents.List({ search: 'submitted', searchOn: ['EventType'] }))).toEqual([
      'admin-portal-OrderSubmitted',
      'storefront-OrderSubmitted',
    ]);
  });

  it('filters by exact value, ignoring case', async () => {
    expect(ids(await TrackingEvents.List({ filters: { ClientID: 'STOREFRONT', EventType: 'OrderSubmitted' } }))).toEqual([
      'storefront-OrderSubmitted',
    ]);
  });

  it('filters with * wildcards, | alternatives and ! negation', async () => {
    expect((await DeliveryConfigurations.List({ filters: { ID: 'cfg-1*' } })).Meta.TotalCount).toBe(10);
    expect(ids(await DeliveryConfigurations.List({ filters: { ID: 'cfg-01|cfg-25' } }))).toEqual(['cfg-01', 'cfg-25']);
    expect((await DeliveryConfigurations.List({ filters: { ID: '!cfg-1*' } })).Meta.TotalCount).toBe(15);
    expect(ids(await TrackingEvents.List({ filters: { ClientID: 'admin-portal', EventType: '!Line*' } }))).toEqual([
      'admin-portal-OrderSubmitted',
      'admin-portal-UserLoggedIn',
    ]);
  });

  it('filters with > and <, which supports the "last ID" paging pattern', async () => {
    const page = await DeliveryConfigurations.List({ sortBy: ['ID'], pageSize: 3, filters: { ID: '>cfg-20' } });
    expect(ids(page)).toEqual(['cfg-21', 'cfg-22', 'cfg-23']);
    expect(ids(await DeliveryConfigurations.List({ filters: { ID: '<cfg-03' } }))).toEqual(['cfg-01', 'cfg-02']);
  });

  it('ANDs a filter repeated as an array', async () => {
    expect(ids(await DeliveryConfigurations.List({ filters: { ID: ['cfg-2*', '!cfg-20'] } }))).toEqual([
      'cfg-21',
      'cfg-22',
      'cfg-23',
      'cfg-24',
      'cfg-25',
    ]);
  });

  it('filters booleans', async () => {
    expect(ids(await DeliveryConfigurations.List({ filters: { Enabled: false } }))).toEqual([
      'cfg-05',
      'cfg-10',
      'cfg-15',
      'cfg-20',
      'cfg-25',
    ]);
    expect((await DeliveryConfigurations.List({ filters: { Enabled: true } })).Meta.TotalCount).toBe(20);
  });

  it.each([
    ['an unknown filter property', () => DeliveryConfigurations.List({ filters: { Colour: 'red' } }), 'List.InvalidProperty'],
    ['a boolean filter that is not a boolean', () => DeliveryConfigurations.List({ filters: { Enabled: 'maybe' } }), 'List.InvalidType'],
    ['a sort on a property that is not sortable', () => TrackingEvents.List({ sortBy: ['ClientID' as never] }), 'List.InvalidSortProperty'],
    [
      'a search on a property that is not searchable',
      () => TrackingEvents.List({ search: 'x', searchOn: ['Name' as never] }),
      'List.InvalidSearchProperty',
    ],
    ['a page size over 100', () => TrackingEvents.List({ pageSize: 101 }), 'List.InvalidPageSize'],
    ['a negative page size', () => TrackingEvents.List({ pageSize: -5 }), 'List.InvalidPageSize'],
  ])('answers 400 %s', async (_, call, code) => {
    const failure = await sdkFailure(call());
    expect(failure.status).toBe(400);
    expect(failure.errorCode).toBe(code);
  });
});
