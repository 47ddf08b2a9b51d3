import DataLoader from 'dataloader';
import type { LineItemSnapshot } from '../capture/captured-event';
import type { IdentityLinksService } from '../identity/identity-links.service';
import type { CommerceDataProvider, CommerceOrder, CommercePayment, CommerceUser } from './commerce-data-provider.interface';

/**
 * The commerce data of one batch of events, each record read once: the events of a batch are
 * hydrated together, and all the orders (or users) they ask for in the same tick are read with one
 * call of the host's batch method when it has one. Records are not kept beyond the batch, so that
 * every batch sees the data as it is.
 */
export class HydrationBatch {
  readonly orders: DataLoader<string, CommerceOrder | null>;
  readonly users: DataLoader<string, CommerceUser | null>;
  readonly lineItems: DataLoader<string, LineItemSnapshot[]>;
  readonly payments: DataLoader<string, CommercePayment[]>;
  readonly anonymousIds: DataLoader<string, string | null>;

  constructor(data: CommerceDataProvider, identityLinks: Pick<IdentityLinksService, 'currentAnonymousIds'>) {
    this.orders = new DataLoader((ids) =>
      data.getOrders ? byId(ids, data.getOrders([...ids])) : Promise.all(ids.map((id) => data.getOrder(id))),
    );
    this.users = new DataLoader((ids) =>
      data.getUsers ? byId(ids, data.getUsers([...ids])) : Promise.all(ids.map((id) => data.getUser(id))),
    );
    this.lineItems = new DataLoader((orderIds) => Promise.all(orderIds.map((id) => data.listLineItems(id))));
    this.payments = new DataLoader((orderIds) => Promise.all(orderIds.map(async (id) => (await data.listPayments?.(id)) ?? [])));
    this.anonymousIds = new DataLoader(async (userIds) => {
      const current = await identityLinks.currentAnonymousIds(userIds);
      return userIds.map((userId) => current.get(userId) ?? null);
    });
  }
}

/** The records in the order of the IDs asked for, null for those not found. */
async function byId<T extends { ID: string }>(ids: readonly string[], found: Promise<T[]>): Promise<Array<T | null>> {
  const records = new Map((await found).map((record) => [record.ID, record]));
  return ids.map((id) => records.get(id) ?? null);
}
