import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { CapturedEvent } from '../messages/captured-event';
import { DeliveryConfigEntity, TrackingEventEntity } from '../entities';
import type { CommerceDataProvider } from '../messages/commerce-data-provider.interface';
import { MessageHydrator } from '../hydration/message-hydrator';
import type { IdentityLinksService } from '../identity/identity-links.service';
import { migratedSqliteDataSource } from '../migrations/sqlite-data-source.fixtures';
import type { TrackingEventsSettings } from '../options';
import type { TargetQueues } from '../queues/target-queues';
import { EventRouter } from './event-router';
import { RoutingTable } from './routing-table';
import { deliveryTargetSecrets } from '../secret-encryption/delivery-target-secrets.fixtures';

/** The host's store, in memory: one order of buyer01. */
const store: CommerceDataProvider = {
  getOrder: async (id) =>
    id === 'order-1' ? { ID: id, FromUserID: 'buyer01', Status: 'Unsubmitted', Subtotal: 8, Total: 8, Currency: 'USD' } : null,
  listLineItems: async () => [],
  getUser: async (id) => (id === 'buyer01' ? { ID: id, Email: 'buyer01@example.com' } : null),
};
const noLinks = { currentAnonymousIds: async () => new Map() } as unknown as IdentityLinksService;
/** The target types this server delivers to: not `Retired`, which an old DeliveryConfig still names. */
const targetQueues = { has: (type: string) => type !== 'Retired' } as TargetQueues;

function lineAdded(id: string, clientId: string): CapturedEvent {
  return {
    ID: id,
    EventType: 'LineItemAdded',
    OccurredAt: '2026-11-28T10:00:00.000Z',
    Context: { ClientID: clientId, UserID: 'buyer01' },
    Subject: {
      OrderID: 'order-1',
      LineItem: { ID: `line-${id}`, ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 },
    },
  };
}

function loggedIn(id: string, clientId: string): CapturedEvent {
  return {
    ID: id,
    EventType: 'UserLoggedIn',
    OccurredAt: '2026-11-28T10:00:00.000Z',
    Context: { ClientID: clientId },
    Subject: { UserID: 'buyer01' },
  };
}

describe('EventRouter', () => {
  let dataSource: DataSource;
  let router: EventRouter;
  let errors: jest.SpyInstance;

  const config = (id: string, targets: string[]) =>
    dataSource
      .getRepository(DeliveryConfigEntity)
      .save({ id, name: id, enabled: true, deliveryTargets: Object.fromEntries(targets.map((type) => [type, {}])) });
  const trackingEvent = (id: string, clientId: string, eventType: string, deliveryConfigId: string) =>
    dataSource.getRepository(TrackingEventEntity).save({ id, clientId, eventType, name: id, deliveryConfigId, configData: null });

  beforeEach(async () => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    dataSource = await migratedSqliteDataSource();
    await config('webhook', ['Http', 'SendEvent']);
    await config('old', ['Retired', 'Http']);
    await trackingEvent('adds', 'storefront', 'LineItemAdded', 'webhook');
    await trackingEvent('pos-logins', 'pos', 'UserLoggedIn', 'old');
    const hydrator = new MessageHydrator({ commerceData: store, messageNamespaces: 'ordercloud' } as TrackingEventsSettings, noLinks);
    router = new EventRouter(new RoutingTable(dataSource, deliveryTargetSecrets()), hydrator, targetQueues);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await dataSource.destroy();
  });

  it("makes a delivery per event and target of each TrackingEvent of the event's client and type, in the order of the events", async () => {
    const events = [lineAdded('e1', 'storefront'), loggedIn('e2', 'pos'), lineAdded('e3', 'pos'), lineAdded('e4', 'storefront')];

    const { deliveries, failures } = await router.route(events);

    expect(failures).toEqual([]);
    expect(
      deliveries.map(({ deliveryId, eventId, trackingEventId, deliveryConfigId, targetType }) => ({
        deliveryId,
        eventId,
        trackingEventId,
        deliveryConfigId,
        targetType,
      })),
    ).toEqual([
      { deliveryId: 'e1-adds-Http', eventId: 'e1', trackingEventId: 'adds', deliveryConfigId: 'webhook', targetType: 'Http' },
      { deliveryId: 'e1-adds-SendEvent', eventId: 'e1', trackingEventId: 'adds', deliveryConfigId: 'webhook', targetType: 'SendEvent' },
      { deliveryId: 'e2-pos-logins-Http', eventId: 'e2', trackingEventId: 'pos-logins', deliveryConfigId: 'old', targetType: 'Http' },
      { deliveryId: 'e4-adds-Http', eventId: 'e4', trackingEventId: 'adds', deliveryConfigId: 'webhook', targetType: 'Http' },
      { deliveryId: 'e4-adds-SendEvent', eventId: 'e4', trackingEventId: 'adds', deliveryConfigId: 'webhook', targetType: 'SendEvent' },
    ]);
    // Each event's own message, built once and shared by its deliveries.
    expect(deliveries[0].message).toBe(deliveries[1].message);
    expect(deliveries[0].message).toMatchObject({ EventID: 'e1', Payload: { Email: 'buyer01@example.com', OrderId: 'order-1' } });
    expect(deliveries[3].message).toMatchObject({ EventID: 'e4', Payload: { LineItem: { LineID: 'line-e4' } } });
  });

  it('logs a target type the server cannot deliver to once per client and event type of a batch, and routes the rest', async () => {
    const { deliveries } = await router.route([loggedIn('e1', 'pos'), loggedIn('e2', 'pos'), loggedIn('e3', 'pos')]);

    expect(deliveries.map(({ deliveryId }) => deliveryId)).toEqual(['e1-pos-logins-Http', 'e2-pos-logins-Http', 'e3-pos-logins-Http']);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toContain('DeliveryConfig old names target Retired, which this server cannot deliver to');
  });
});
