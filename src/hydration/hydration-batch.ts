import type { CapturedEvent, LineItemSnapshot } from '../messages/captured-event';
import type { TrackingContext } from '../messages/tracking-context';
import type { IdentityLinksService } from '../identity/identity-links.service';
import type { CommerceDataProvider, CommerceOrder, CommercePayment, CommerceUser } from '../messages/commerce-data-provider.interface';

/** What one read of the batch gave: a record (or null) per ID asked for, or the read's error. */
type Read<T> = { records: Map<string, T> } | { error: unknown };

/**
 * The commerce data of one batch of events, each record read once, in two rounds of reads: the
 * orders and the identity links first, then the users (an order's user is known once the order is),
 * the line items and the payments. With the host's batch methods, a round is one call per kind of
 * record for the whole batch. Records are not kept beyond the batch, so that every batch sees the
 * data as it is. A read that fails fails the events that need it, and only those.
 */
export class HydrationBatch {
  private constructor(
    private readonly anonymousIds: Read<string | null>,
    private readonly orders: Read<CommerceOrder | null>,
    private readonly users: Read<CommerceUser | null>,
    private readonly lineItems: Read<LineItemSnapshot[]>,
    private readonly payments: Read<CommercePayment[]>,
  ) {}

  static async read(
    data: CommerceDataProvider,
    identityLinks: Pick<IdentityLinksService, 'currentAnonymousIds'>,
    events: CapturedEvent[],
  ): Promise<HydrationBatch> {
    const linkedUserIds = new Set<string>();
    const orderIds = new Set<string>();
    for (const event of events) {
      // An event missing what it should carry is skipped here, and fails alone when its message is built.
      const linked = linkedUserId(event.Context);
      if (linked) linkedUserIds.add(linked);
      if (event.EventType !== 'UserLoggedIn' && event.Subject?.OrderID) orderIds.add(event.Subject.OrderID);
    }
    const [anonymousIds, orders] = await Promise.all([
      readAll(linkedUserIds, async (userIds) => {
        const current = await identityLinks.currentAnonymousIds(userIds);
        return userIds.map((userId) => current.get(userId) ?? null);
      }),
      readAll(orderIds, (ids) => readRecords(ids, data.getOrders?.bind(data), (id) => data.getOrder(id))),
    ]);

    const userIds = new Set<string>();
    const submittedOrderIds = new Set<string>();
    for (const event of events) {
      if (event.EventType === 'UserLoggedIn') {
        if (event.Subject?.UserID) userIds.add(event.Subject.UserID);
        continue;
      }
      // An event whose order could not be read fails without its other reads.
      if ('error' in orders || !event.Subject?.OrderID) continue;
      const order = orders.records.get(event.Subject.OrderID) ?? null;
      if (event.EventType === 'OrderSubmitted') {
        if (!order) continue;
        submittedOrderIds.add(order.ID);
      }
      const userId = orderUserId(order, event);
      if (userId) userIds.add(userId);
    }
    const [users, lineItems, payments] = await Promise.all([
      readAll(userIds, (ids) => readRecords(ids, data.getUsers?.bind(data), (id) => data.getUser(id))),
      readAll(submittedOrderIds, (ids) => Promise.all(ids.map((id) => data.listLineItems(id)))),
      readAll(submittedOrderIds, (ids) => Promise.all(ids.map(async (id) => (await data.listPayments?.(id)) ?? []))),
    ]);
    return new HydrationBatch(anonymousIds, orders, users, lineItems, payments);
  }

  /** The anonymous ID the user was last linked to, if any. Throws what its read threw. */
  anonymousIdOf(userId: string): string | null {
    return recordOf(this.anonymousIds, userId) ?? null;
  }

  order(orderId: string): CommerceOrder | null {
    return recordOf(this.orders, orderId) ?? null;
  }

  user(userId: string): CommerceUser | null {
    return recordOf(this.users, userId) ?? null;
  }

  lineItemsOf(orderId: string): LineItemSnapshot[] {
    return recordOf(this.lineItems, orderId) ?? [];
  }

  paymentsOf(orderId: string): CommercePayment[] {
    return recordOf(this.payments, orderId) ?? [];
  }
}

/**
 * The user whose anonymous ID, from an earlier stitch, an event's message carries: the event's user, when the
 * event came without an anonymous ID of its own.
 */
export function linkedUserId(context: Partial<TrackingContext> | undefined): string | undefined {
  return context?.AnonymousID == null && context?.UserID ? context.UserID : undefined;
}

/** The user who placed the order: its FromUserID, else the user of the request. */
export function orderUserId(order: CommerceOrder | null, event: CapturedEvent): string | undefined {
  return order?.FromUserID ?? event.Context?.UserID ?? undefined;
}

/** Reads the records of the IDs (none: no call), keeping the error instead of throwing it. */
async function readAll<T>(ids: Set<string>, read: (ids: string[]) => Promise<T[]>): Promise<Read<T>> {
  if (ids.size === 0) return { records: new Map() };
  const asked = [...ids];
  try {
    const found = await read(asked);
    return { records: new Map(asked.map((id, index) => [id, found[index]])) };
  } catch (error) {
    return { error };
  }
}

/** The records in the order of the IDs, null for those not found: with the batch method if there is one, else one by one. */
async function readRecords<T extends { ID: string }>(
  ids: string[],
  readMany: ((ids: string[]) => Promise<T[]>) | undefined,
  readOne: (id: string) => Promise<T | null>,
): Promise<Array<T | null>> {
  if (!readMany) return Promise.all(ids.map(readOne));
  const found = new Map((await readMany(ids)).map((record) => [record.ID, record]));
  return ids.map((id) => found.get(id) ?? null);
}

function recordOf<T>(read: Read<T>, id: string): T | undefined {
  if ('error' in read) throw read.error;
  return read.records.get(id);
}
