import { Configuration, DeliveryConfigurations, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { MessageKey, receivedKeys, report, tally } from '../support/delivery-tally';
import { FAST_RECOVERY } from '../support/fault-settings';
import { ADMIN, loginAsAdmin, prepareSampleConfig } from '../support/sample-app-harness';
import { sampleEnvironment, SampleProcess, startSampleProcess } from '../support/sample-process';
import { TEST_DATABASES } from '../support/test-databases';
import { pause, waitFor } from '../support/wait-for';

/** Concurrent shoppers on each API process: moderate, the API, worker and database processes share two cores in CI. */
const SHOPPERS_PER_API = 3;
/** When, after shopping started, a worker is killed (once deliveries are under way) and the configuration changed. */
const KILL_AFTER_MS = 3_000;
const CHANGE_AFTER_MS = 6_000;
/** How long shoppers go on once the change has settled, so that many events are routed and delivered with it. */
const SHOPPING_AFTER_SETTLE_MS = 4_000;
/**
 * How soon after a configuration change is acknowledged every process routes and delivers with it.
 * The process that wrote it forgets its routing snapshot before it answers; every other process
 * when the change's notice (Redis pub/sub) reaches it — milliseconds, a little more on a busy event
 * loop. A batch already being routed, or delivered, with the old snapshot finishes with it, and an
 * event captured before the change may be routed after it: the design promises nothing inside this
 * window, and the test asserts nothing about it.
 */
const SETTLE_MS = 2_000;
const SECRET = 'many-processes-secret';

/**
 * An event the shoppers caused: its kind and subject (`added:<LineID>`, `updated:<LineID>`,
 * `submitted:<OrderID>`), the API process that captured it, and when its request started.
 */
interface SentEvent {
  key: string;
  api: number;
  startedAt: number;
}

const keyOf = (event: SentEvent) => event.key;

/** The sent event an Http message is about: the last word of its type and its line or order. */
const eventKeyOf: MessageKey = (message) => {
  const kind = String(message.Headers?.type ?? '')
    .split('.')
    .pop();
  const subject = message.Payload?.LineItem?.LineID ?? message.Payload?.OrderID;
  return kind && subject ? `${kind}:${subject}` : undefined;
};

/**
 * Anonymous shoppers on one API process, each journey its own cart: two lines added, one updated,
 * the order submitted. The SDK's configuration is global, and these shoppers use two API processes
 * at once, so they call the shopper API with fetch. Only requests that succeeded count as sent.
 */
async function shop(
  api: { index: number; baseUrl: string },
  shopping: { stopped: boolean },
  sent: SentEvent[],
  failures: string[],
): Promise<void> {
  const request = async (token: string, method: string, path: string, body?: object): Promise<{ ID: string }> => {
    const response = await fetch(`${api.baseUrl}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { ID: string };
  };
  const tracked = async (kind: string, call: () => Promise<{ ID: string }>): Promise<string> => {
    const startedAt = Date.now();
    const { ID } = await call();
    sent.push({ key: `${kind}:${ID}`, api: api.index, startedAt });
    return ID;
  };
  while (!shopping.stopped) {
    try {
      const tokenResponse = await fetch(`${api.baseUrl}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'storefront' }),
      });
      if (!tokenResponse.ok) throw new Error(`the anonymous token answered ${tokenResponse.status}`);
      const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
      const line = await tracked('added', () => request(token, 'POST', '/cart/lineitems', { ProductID: 'mug', Quantity: 1 }));
      await tracked('added', () => request(token, 'POST', '/cart/lineitems', { ProductID: 'coffee-beans', Quantity: 2 }));
      await tracked('updated', () => request(token, 'PATCH', `/cart/lineitems/${line}`, { Quantity: 3 }));
      await tracked('submitted', () => request(token, 'POST', '/cart/submit'));
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
}

/** Stops a process with SIGTERM and says how long it took. */
async function stop(running: SampleProcess): Promise<number> {
  const stopping = Date.now();
  await running.kill('SIGTERM');
  return Date.now() - stopping;
}

const postgres = TEST_DATABASES.find((database) => database.name === 'postgres');
// Several processes on one database need a server: SQLite's file is for one process.
const describeOnPostgres = postgres ? describe : describe.skip;

/**
 * A deployment of two API processes and three worker processes on one PostgreSQL schema and one
 * Redis, under shoppers on both API processes: a worker killed mid-stream and another added, and the
 * delivery configuration changed through one API process while the other captures. Every event the
 * shoppers caused reaches each target it was routed to; duplicates only under the same idempotency ID.
 */
describeOnPostgres('Many processes (postgres)', () => {
  let first: LoopbackReceiver;
  let second: LoopbackReceiver;

  beforeEach(async () => {
    [first, second] = await Promise.all([startLoopbackReceiver(), startLoopbackReceiver()]);
  });

  afterEach(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('two API and three worker processes: a worker killed, one added, a config changed mid-stream; nothing is lost', async () => {
    const prepared = await prepareSampleConfig(postgres!, { runWorkers: false, ...FAST_RECOVERY });
    const environment = sampleEnvironment(prepared.config);
    const apis: SampleProcess[] = [];
    const workers: SampleProcess[] = [];
    const shopping = { stopped: false };
    const sent: SentEvent[] = [];
    const failures: string[] = [];
    let shoppers: Promise<void[]> | undefined;
    try {
      // Deliveries in flight when the worker is killed: some are made again, under the same webhook-id.
      first.answerWith({ status: 200, body: '{}', delayMs: 50 });
      // The first API process migrates the schema; the others then start together.
      apis.push(await startSampleProcess(environment, 'http'));
      const started = await Promise.all([
        startSampleProcess(environment, 'http'),
        ...[1, 2, 3].map(() => startSampleProcess(environment, 'worker')),
      ]);
      apis.push(started[0]);
      workers.push(...started.slice(1));

      // Lines go to the first receiver; orders are not tracked until the change.
      Configuration.Set({ baseApiUrl: apis[0].baseUrl, apiVersion: 'v1', clientID: ADMIN.clientId, timeoutInMilliseconds: 15_000 });
      Tokens.RemoveAccessToken();
      await loginAsAdmin();
      await DeliveryConfigurations.Save('sink', {
        Name: 'Sink',
        DeliveryTargets: { Http: { Endpoint: `${first.origin}/in`, Secret: SECRET } } as never,
      });
      for (const type of ['LineItemAdded', 'LineItemUpdated'] as const) {
        await TrackingEvents.Save(type, { EventType: type, ClientID: 'storefront', Name: type, DeliveryConfigID: 'sink' });
      }

      const shoppingStarted = Date.now();
      shoppers = Promise.all(
        apis.flatMap((api, index) =>
          Array.from({ length: SHOPPERS_PER_API }, () => shop({ index, baseUrl: api.baseUrl! }, shopping, sent, failures)),
        ),
      );

      // A worker killed while it routes and delivers, and a new one added.
      await waitFor('deliveries under way', () => first.received.length >= 50 && Date.now() - shoppingStarted >= KILL_AFTER_MS, 30_000);
      await workers[0].kill('SIGKILL');
      workers.push(await startSampleProcess(environment, 'worker'));

      // Through the first API process, while the second keeps capturing: the endpoint moves to the
      // second receiver (a delivery-time change), and orders are tracked from now on (a routing change).
      await pause(Math.max(0, shoppingStarted + CHANGE_AFTER_MS - Date.now()));
      const beforeChange = [...sent];
      await DeliveryConfigurations.Save('sink', {
        Name: 'Sink',
        DeliveryTargets: { Http: { Endpoint: `${second.origin}/in`, Secret: SECRET } } as never,
      });
      await TrackingEvents.Save('OrderSubmitted', {
        EventType: 'OrderSubmitted',
        ClientID: 'storefront',
        Name: 'OrderSubmitted',
        DeliveryConfigID: 'sink',
      });
      const settledAt = Date.now() + SETTLE_MS;
      await pause(SETTLE_MS);
      const atFirstWhenSettled = first.received.length;
      await pause(SHOPPING_AFTER_SETTLE_MS);
      shopping.stopped = true;
      await shoppers;
      const shoppingMs = Date.now() - shoppingStarted;

      // What must arrive: every line event, and every order submitted once the change had settled.
      // An order submitted earlier is delivered if a worker routed it after the change, else not: both are right.
      const afterSettle = sent.filter((event) => event.startedAt >= settledAt);
      const expected = sent.filter((event) => !event.key.startsWith('submitted:') || event.startedAt >= settledAt).map(keyOf);
      const everything = () => tally(expected, [first, second], eventKeyOf);
      await waitFor('every event delivered', () => everything().lost === 0, 60_000).catch((error: Error) => {
        throw new Error(`${error.message}: ${JSON.stringify(everything())}`);
      });
      const figures = everything();
      report('2 API + 3 workers, one killed, one added, config changed', 'postgres', figures);

      expect(failures).toEqual([]);
      expect(figures).toMatchObject({ sent: expected.length, delivered: expected.length, lost: 0 });
      // Duplicates (the killed worker's deliveries in flight) only under the same webhook-id, orders of the change's window included.
      expect(tally(sent.map(keyOf), [first, second], eventKeyOf).mismatched).toBe(0);
      const sentKeys = new Set(sent.map(keyOf));
      const atFirst = receivedKeys(first, eventKeyOf);
      const atSecond = receivedKeys(second, eventKeyOf);
      expect([...atFirst, ...atSecond].filter((key) => !sentKeys.has(key!))).toEqual([]);
      // Orders were only ever routed with the new configuration, whose endpoint is the second receiver.
      expect([...atFirst].filter((key) => key!.startsWith('submitted:'))).toEqual([]);
      // Once settled, every process delivered to the new endpoint only, and routed orders.
      expect(first.received.length).toBe(atFirstWhenSettled);
      expect(afterSettle.map(keyOf).filter((key) => atFirst.has(key))).toEqual([]);
      expect(tally(afterSettle.map(keyOf), second, eventKeyOf)).toMatchObject({ lost: 0, mismatched: 0 });
      // Both API processes captured before the change and after it had settled, orders included.
      for (const api of [0, 1]) {
        expect(beforeChange.filter((event) => event.api === api).length).toBeGreaterThan(0);
        expect(afterSettle.filter((event) => event.api === api && event.key.startsWith('submitted:')).length).toBeGreaterThan(0);
      }

      // The first worker was killed already.
      const stopMs = await Promise.all([...apis, ...workers.slice(1)].map(stop));
      process.stdout.write(
        `[fault] many processes (postgres): ${sent.length} events from ${2 * SHOPPERS_PER_API} shoppers in ${shoppingMs} ms, ` +
          `${beforeChange.length} before the change, ${afterSettle.length} after it settled; first receiver ${first.received.length}, ` +
          `second ${second.received.length} requests; processes stopped in ${stopMs.join('/')} ms\n`,
      );
      // A graceful stop, even with Redis connections of every kind open: none hangs.
      for (const ms of stopMs) expect(ms).toBeLessThan(10_000);
    } finally {
      shopping.stopped = true;
      await shoppers?.catch(() => undefined);
      await Promise.all([...apis, ...workers].map((running) => running.kill('SIGKILL')));
      await prepared.cleanUp();
    }
  }, 120_000);
});
