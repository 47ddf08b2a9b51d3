import { CARTS_PER_LOAD, cartLinesUrl, fixedConcurrency, LINE, LoadedShop, signed, TWIN_TARGETS, twinsWithCarts } from '../lib/cart-load';
import { pacedLoad } from '../lib/paced-load';
import { progress, ScenarioResult } from '../lib/report';
import { REDIS_URL, shopSetup, startTwinShops } from '../lib/shop';
import type { Sink } from '../lib/sink-client';
import { median, percentile, round } from '../lib/stats';
import { deleteQueueKeys } from '../../test/support/redis';

/** Each line added is one LineItemAdded event, delivered to every target. */
const DELIVERIES_PER_REQUEST = TWIN_TARGETS.length;
const WARM_UP_ROUNDS = 2;
const WARM_UP_SECONDS = 8;
const ROUNDS = 4;
const SLICE_SECONDS = 5;
const CONNECTIONS = 32;
const PACED_SECONDS = 10;
const LIGHT_RATE = 100;
/** The library's default `yieldToRequests.maxHoldBackMs`, plus the 30 s the goal allows after it. */
const DELIVERED_WITHIN_MS = 60_000 + 30_000;
/** Loads each app gets: the warm-up, two slices a round, the half-capacity and the light paced loads. */
const LOADS_PER_APP = WARM_UP_ROUNDS + ROUNDS * 2 + 2;

const SIDES = ['on', 'off'] as const;
type Side = (typeof SIDES)[number];

interface Round {
  requestsPerSecond: Record<Side, number>;
  p99: Record<Side, number>;
  /** From the end of the tracked app's slice until the sink had every delivery of it. */
  deliveredAfterMs: number;
}

/**
 * 8. The default deployment: the sample app as `npm start` runs it, workers in a thread of the API
 * process, with tracking on (four TrackingEvents; Http, SendEvent and DiscoverEvent targets on the sink)
 * against the same app with tracking off. Unlike scenario 1, the deliveries run in the loaded process,
 * so what is measured is what the shop keeps of its capacity while its own workers deliver (they yield
 * to its requests).
 * - Both apps share one Node process (bench/twin-shops.ts), as in scenario 1, and are loaded one at a
 *   time; after each load of the tracked app, the next waits until the sink has all its deliveries, so
 *   that no delivery of one load runs during another. That wait is the "delivered after the load" figure.
 * - Saturation: rounds of 32-connection slices, in the order on, off, off, on (then off, on, on, off):
 *   the medians of the rounds' req/s ratios and p99 differences.
 * - Half of capacity (half the app's median req/s with tracking off) and a light 100 requests/s: evenly
 *   paced loads of each app alone; capture to receipt (Discover's `t` to the sink) at half capacity.
 */
export async function defaultDeployment(sink: Sink): Promise<ScenarioResult> {
  const setups = {
    // What `npm start` runs: RUN_WORKERS's default.
    on: shopSetup('default-on', {}),
    off: shopSetup('default-off', {}, { TRACKING_ENABLED: 'false' }),
  };
  const twins = await startTwinShops(setups);
  const apps: Record<Side, LoadedShop> = {
    on: { baseUrl: twins.baseUrls.on, pid: twins.process.pid },
    off: { baseUrl: twins.baseUrls.off, pid: twins.process.pid },
  };
  /** Runs a load of one app; for the tracked app, waits for its deliveries and resolves to how long that took after the load. */
  const load = async <T extends { requests: number }>(side: Side, run: () => Promise<T>): Promise<T & { deliveredAfterMs: number }> => {
    if (side === 'off') return { ...(await run()), deliveredAfterMs: 0 };
    await sink.reset();
    const result = await run();
    const stoppedAt = Date.now();
    await sink.waitFor(result.requests * DELIVERIES_PER_REQUEST, DELIVERED_WITHIN_MS + 60_000);
    return { ...result, deliveredAfterMs: Math.max(0, (await sink.stats()).lastAt - stoppedAt) };
  };
  try {
    const carts = await twinsWithCarts('default deployment', apps, sink.origin, LOADS_PER_APP);
    await settled(sink);

    const slice = (side: Side) =>
      load(side, async () => {
        const result = await fixedConcurrency(apps[side], SLICE_SECONDS, CONNECTIONS, carts[side].forNextLoad());
        return { ...result, requestsPerSecond: result.requests / result.seconds, p99: percentile(result.latencies, 99) };
      });
    progress('default deployment: warming up');
    for (let n = 0; n < WARM_UP_ROUNDS; n++) {
      for (const side of SIDES) {
        await load(side, () => fixedConcurrency(apps[side], WARM_UP_SECONDS, CONNECTIONS, carts[side].forNextLoad()));
      }
    }

    const rounds: Round[] = [];
    for (let n = 1; n <= ROUNDS; n++) {
      const order: Side[] = n % 2 ? ['on', 'off', 'off', 'on'] : ['off', 'on', 'on', 'off'];
      const slices: Record<Side, Array<Awaited<ReturnType<typeof slice>>>> = { on: [], off: [] };
      for (const side of order) slices[side].push(await slice(side));
      const both = (pick: (one: (typeof slices)['on'][number]) => number) => (side: Side) => median(slices[side].map(pick));
      const requestsPerSecond = both((one) => one.requestsPerSecond);
      const p99 = both((one) => one.p99);
      const measured: Round = {
        requestsPerSecond: { on: requestsPerSecond('on'), off: requestsPerSecond('off') },
        p99: { on: p99('on'), off: p99('off') },
        deliveredAfterMs: Math.max(...slices.on.map((one) => one.deliveredAfterMs)),
      };
      rounds.push(measured);
      progress(
        `default deployment, round ${n}/${ROUNDS}: on ${Math.round(measured.requestsPerSecond.on)} req/s, p99 ${measured.p99.on} ms; ` +
          `off ${Math.round(measured.requestsPerSecond.off)} req/s, p99 ${measured.p99.off} ms; delivered ${round(measured.deliveredAfterMs / 1000, 1)} s after the load`,
      );
    }
    const capacity = median(rounds.map((one) => one.requestsPerSecond.off));
    const halfRate = Math.max(10, Math.round(capacity / 2));

    const paced = (side: Side, rate: number) =>
      load(side, async () => {
        const tokens = carts[side].forNextLoad();
        // Read, so that the next reading covers the paced load alone.
        await twins.eventLoopDelay();
        const [latencies] = await pacedLoad({
          rate,
          seconds: PACED_SECONDS,
          body: LINE,
          targets: [
            {
              url: cartLinesUrl(apps[side]),
              headersOf: (n) => ({ 'content-type': 'application/json', authorization: `Bearer ${tokens[n % CARTS_PER_LOAD]}` }),
            },
          ],
        });
        const loop = await twins.eventLoopDelay();
        return { requests: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), loop };
      });
    progress(`default deployment: paced at half of capacity, ${halfRate} requests/s`);
    const half = { on: await paced('on', halfRate), off: undefined as Awaited<ReturnType<typeof paced>> | undefined };
    const endToEnd = (await sink.stats()).latencies;
    half.off = await paced('off', halfRate);
    progress(`default deployment: paced at ${LIGHT_RATE} requests/s`);
    const light = { on: await paced('on', LIGHT_RATE), off: await paced('off', LIGHT_RATE) };

    const ratio = median(rounds.map((one) => one.requestsPerSecond.on / one.requestsPerSecond.off));
    const addedP99 = median(rounds.map((one) => one.p99.on - one.p99.off));
    const deliveredAfterMs = Math.max(...rounds.map((one) => one.deliveredAfterMs), half.on.deliveredAfterMs, light.on.deliveredAfterMs);
    const endToEndP99 = percentile(endToEnd, 99);
    type PacedRun = Awaited<ReturnType<typeof paced>>;
    const pacedRows = (label: string, runs: { on: PacedRun; off?: PacedRun }) => [
      ...(['p50', 'p99'] as const).map((stat) => ({
        metric: `${stat} ms, ${label}`,
        system: round(runs.on[stat]),
        baseline: round(runs.off![stat]),
        ratio: `${signed(runs.on[stat] - runs.off![stat])} ms`,
      })),
      {
        metric: `event-loop delay p99 / max ms, ${label}`,
        system: `${runs.on.loop.p99} / ${runs.on.loop.max}`,
        baseline: `${runs.off!.loop.p99} / ${runs.off!.loop.max}`,
      },
    ];
    return {
      name: '8. Default deployment',
      rows: [
        {
          metric: `req/s, ${CONNECTIONS} connections`,
          system: Math.round(median(rounds.map((one) => one.requestsPerSecond.on))),
          baseline: Math.round(capacity),
          ratio: round(ratio, 3),
        },
        {
          metric: `p99 ms, ${CONNECTIONS} connections`,
          system: round(median(rounds.map((one) => one.p99.on))),
          baseline: round(median(rounds.map((one) => one.p99.off))),
          ratio: `${signed(addedP99)} ms`,
        },
        {
          metric: 'ratio in each round',
          system: rounds.map((one) => round(one.requestsPerSecond.on / one.requestsPerSecond.off, 3)).join(' '),
          baseline: '',
        },
        { metric: 'all delivered, s after the load (most)', system: round(deliveredAfterMs / 1000, 1), baseline: '' },
        ...pacedRows(`${halfRate} req/s paced (half)`, half),
        { metric: 'capture to receipt p50 / p99 ms, half', system: `${percentile(endToEnd, 50)} / ${endToEndP99}`, baseline: '' },
        ...pacedRows(`${LIGHT_RATE} req/s paced`, light),
      ],
      goal: 'ratio >= 0.95, p99 added <= 2 ms, all delivered <= 90 s after the load, capture to receipt p99 < 250 ms at half capacity',
      met: ratio >= 0.95 && addedP99 <= 2 && deliveredAfterMs <= DELIVERED_WITHIN_MS && endToEndP99 < 250,
      notes:
        `The sample app with its workers in a thread of the API process (the default), tracking on against off, both in one Node process and loaded in turn; ` +
        `${ROUNDS} rounds of ${SLICE_SECONDS} s slices at ${CONNECTIONS} connections (on, off, off, on; then off, on, on, off), medians of the rounds; ` +
        `after each load of the tracked app the next waited until the sink had its ${DELIVERIES_PER_REQUEST} deliveries per request. ` +
        `Paced loads of ${PACED_SECONDS} s, each app alone; capture to receipt from the DiscoverEvent messages' \`t\`; ` +
        `event-loop delay: the shared process's monitorEventLoopDelay (5 ms resolution) over each paced load. ` +
        `${CARTS_PER_LOAD} new anonymous carts per load.`,
    };
  } finally {
    await twins.process.stop();
    for (const side of SIDES) {
      await deleteQueueKeys(setups[side].queuePrefix, REDIS_URL);
      setups[side].cleanUp();
    }
  }
}

/** Waits until the sink has received nothing new for two seconds: the set-up's own deliveries are done. */
async function settled(sink: Sink): Promise<void> {
  let last = -1;
  for (;;) {
    const { received } = await sink.stats();
    if (received === last) return;
    last = received;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
