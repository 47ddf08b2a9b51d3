import { Auth, Cart, DeliveryConfigurations, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import { DeadLettersService, DeliveryLogService, type AttemptOutcome, type DeadLetter, type DeliveryAttempt } from '../../src';
import { BUYER, loginAsAdmin, type RunningSampleApp, useSdkAgainst } from './sample-app-harness';
import { waitFor } from './wait-for';

export const TRACKED_EVENT_TYPES = ['UserLoggedIn', 'LineItemAdded', 'LineItemUpdated', 'OrderSubmitted'] as const;

/**
 * Through the official SDK, as an admin: a DeliveryConfig `id` with the given targets, and the
 * storefront's TrackingEvent of each event type (one per type and client) routed to it, replacing
 * the routing of an earlier call. Checks that no secret comes back.
 */
export async function configureDeliveryTo(
  running: RunningSampleApp,
  id: string,
  deliveryTargets: Record<string, object>,
  secrets: string[] = [],
): Promise<void> {
  useSdkAgainst(running);
  await loginAsAdmin();
  await DeliveryConfigurations.Create({ ID: id, Name: id, DeliveryTargets: deliveryTargets as never });
  for (const type of TRACKED_EVENT_TYPES) {
    await TrackingEvents.Save(`storefront-${type}`, { EventType: type, ClientID: 'storefront', Name: type, DeliveryConfigID: id });
  }
  const shown = JSON.stringify(await DeliveryConfigurations.Get(id));
  for (const secret of secrets) if (shown.includes(secret)) throw new Error(`DeliveryConfig ${id} shows a secret`);
}

/** A shopper journey through the SDK: login, add a line, update its quantity, submit. */
export async function runShopperJourney(): Promise<{ orderId: string; lineId: string }> {
  Tokens.SetAccessToken((await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper'])).access_token);
  const line = await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 2 });
  await Cart.PatchLineItem(line.ID!, { Quantity: 3 });
  const order = await Cart.Submit();
  return { orderId: order.ID!, lineId: line.ID! };
}

/** Waits for the dead letter of `targetType` whose message mentions `needle` (an order or line ID). */
export function deadLetterFor(running: RunningSampleApp, targetType: string, needle: string, timeoutMs?: number): Promise<DeadLetter> {
  return waitFor(
    `the ${targetType} dead letter of ${needle}`,
    async () => {
      const page = await running.app.get(DeadLettersService).list({ TargetType: targetType });
      return page.Items.find((item) => JSON.stringify(item.Message).includes(needle));
    },
    timeoutMs,
  );
}

/** The delivery log's attempts of a DeliveryConfig, newest first; only those with `outcome` when given. */
export async function attemptsOf(
  running: RunningSampleApp,
  deliveryConfigId: string,
  outcome?: AttemptOutcome,
): Promise<DeliveryAttempt[]> {
  const query = { DeliveryConfigID: deliveryConfigId, pageSize: '100', ...(outcome ? { Outcome: outcome } : {}) };
  return (await running.app.get(DeliveryLogService).list(query)).Items;
}

/** The dead letters of a DeliveryConfig. */
export async function deadLettersOf(running: RunningSampleApp, deliveryConfigId: string): Promise<DeadLetter[]> {
  return (await running.app.get(DeadLettersService).list({ DeliveryConfigID: deliveryConfigId, pageSize: '100' })).Items;
}

/** Waits until `read` gives at least `count` items (what a store holds, what a broker received), and gives them. */
export function waitForItems<T>(what: string, read: () => Promise<T[]>, count: number, timeoutMs = 20_000): Promise<T[]> {
  return waitFor(
    `${count} ${what}`,
    async () => {
      const items = await read();
      return items.length >= count && items;
    },
    timeoutMs,
  );
}
