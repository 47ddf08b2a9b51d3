import { Auth, Cart, Configuration, DeliveryConfigurations, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import type { LoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { tally } from './delivery-tally';
import { BUYER, loginAsAdmin } from './sample-app-harness';

// Shoppers and a sink for the fault tests: what they add is counted against what the sink received.

/** Points the SDK at an app, sets up one Http target on the sink for LineItemAdded, and logs the buyer in. */
export async function configureTracking(
  baseUrl: string,
  sink: LoopbackReceiver,
  extraTargets: Record<string, unknown> = {},
): Promise<string> {
  Configuration.Set({ baseApiUrl: baseUrl, apiVersion: 'v1', clientID: 'admin-portal', timeoutInMilliseconds: 15_000 });
  Tokens.RemoveAccessToken();
  await loginAsAdmin();
  await DeliveryConfigurations.Save('sink', {
    Name: 'Sink',
    DeliveryTargets: { Http: { Endpoint: `${sink.origin}/in`, Secret: 'fault-secret' }, ...extraTargets } as never,
  });
  await TrackingEvents.Save('adds', { EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'sink' });
  Tokens.RemoveAccessToken();
  return (await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId, ['Shopper'])).access_token;
}

/** Shoppers adding lines, a few at a time; resolves to the IDs of the lines the API confirmed. */
export async function addLines(
  count: number,
  token: string,
  onProgress: (added: number) => Promise<void> | void = () => undefined,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const shopper = async () => {
    while (next < count) {
      next++;
      const line = await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 }, { accessToken: token });
      ids.push(line.ID!);
      await onProgress(ids.length);
    }
  };
  await Promise.all(Array.from({ length: 4 }, shopper));
  return ids;
}

/** Every line the shoppers added has reached the sink at least once. */
export const deliveredAll = (sink: LoopbackReceiver, ids: string[]) => () => tally(ids, sink).lost === 0;
