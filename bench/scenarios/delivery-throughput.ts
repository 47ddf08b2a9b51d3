import { BacklogRun, baselineBacklogRun, pluginBacklogRun } from '../lib/backlog-run';
import { progress, ScenarioResult } from '../lib/report';
import { DeliveryShop, deliveryShop } from '../lib/shop';
import type { Sink } from '../lib/sink-client';
import { median, round } from '../lib/stats';

export const EVENTS = 20_000;
export const CONCURRENCY = 50;
const WARM_UP_EVENTS = 2_000;

export interface ThroughputOptions {
  name: string;
  targetTypes: string[];
  rounds: number;
}

export interface BacklogShop {
  shop: DeliveryShop;
  /** The mean size of the messages the plugin sent in the warm-up: the size of the baseline's bodies. */
  messageBytes: number;
}

const warmUps = new WeakMap<DeliveryShop, Promise<number>>();

/**
 * The shop of the delivery scenarios (the targets on the sink, each at the benchmark's concurrency),
 * warmed up once by a small backlog, whose messages give the baseline's body size: both sides post
 * as many bytes.
 */
export async function backlogShop(sink: Sink, name: string, targetTypes: string[]): Promise<BacklogShop> {
  const settings = { delivery: { targets: Object.fromEntries(targetTypes.map((type) => [type, { concurrency: CONCURRENCY }])) } };
  const shop = await deliveryShop(name, sink.origin, targetTypes, settings);
  let warmUp = warmUps.get(shop);
  if (!warmUp) {
    progress(`${name}: warming up with ${WARM_UP_EVENTS} events`);
    warmUp = pluginBacklogRun(sink, shop, WARM_UP_EVENTS, targetTypes.length).then((run) => run.averageBodyBytes);
    warmUps.set(shop, warmUp);
  }
  return { shop, messageBytes: await warmUp };
}

/**
 * A backlog of captured events delivered by one worker process of the sample app, versus the bare
 * BullMQ worker posting as many bodies of the same size at the same concurrency per queue. Rounds alternate.
 */
export async function backlogThroughput(sink: Sink, options: ThroughputOptions): Promise<{ system: BacklogRun[]; baseline: BacklogRun[] }> {
  const { shop, messageBytes } = await backlogShop(sink, options.name, options.targetTypes);
  const runs = { system: [] as BacklogRun[], baseline: [] as BacklogRun[] };
  for (let round = 1; round <= options.rounds; round++) {
    for (const side of round % 2 ? (['system', 'baseline'] as const) : (['baseline', 'system'] as const)) {
      const run =
        side === 'system'
          ? await pluginBacklogRun(sink, shop, EVENTS, options.targetTypes.length)
          : await baselineBacklogRun(sink, options.targetTypes.length, EVENTS, CONCURRENCY, { bodyBytes: messageBytes });
      runs[side].push(run);
      progress(
        `${options.name} round ${round}/${options.rounds}, ${side}: ${Math.round(run.deliveriesPerSecond)} deliveries/s ` +
          `(second half ${Math.round(run.secondHalfPerSecond)}) ` +
          `(${run.averageBodyBytes} B bodies, ${run.duplicates} duplicates)`,
      );
    }
  }
  return runs;
}

export function throughputRows(runs: { system: BacklogRun[]; baseline: BacklogRun[] }) {
  const system = median(runs.system.map((run) => run.deliveriesPerSecond));
  const baseline = median(runs.baseline.map((run) => run.deliveriesPerSecond));
  const secondHalf = {
    system: median(runs.system.map((run) => run.secondHalfPerSecond)),
    baseline: median(runs.baseline.map((run) => run.secondHalfPerSecond)),
  };
  return {
    ratio: system / baseline,
    rows: [
      { metric: 'deliveries/s (median)', system: Math.round(system), baseline: Math.round(baseline), ratio: round(system / baseline, 3) },
      {
        metric: 'deliveries/s, second half',
        system: Math.round(secondHalf.system),
        baseline: Math.round(secondHalf.baseline),
        ratio: round(secondHalf.system / secondHalf.baseline, 3),
      },
      {
        metric: 'body bytes (mean)',
        system: median(runs.system.map((run) => run.averageBodyBytes)),
        baseline: median(runs.baseline.map((run) => run.averageBodyBytes)),
      },
      {
        metric: 'duplicates',
        system: runs.system.reduce((total, run) => total + run.duplicates, 0),
        baseline: runs.baseline.reduce((total, run) => total + run.duplicates, 0),
      },
    ],
  };
}

/** 2. Delivery throughput: 20,000 captured events to one Http target. */
export async function deliveryThroughput(sink: Sink): Promise<ScenarioResult> {
  const rounds = 5;
  const { ratio, rows } = throughputRows(await backlogThroughput(sink, { name: 'throughput', targetTypes: ['Http'], rounds }));
  return {
    name: '2. Delivery throughput',
    rows,
    goal: 'ratio >= 1.0',
    met: ratio >= 1,
    notes:
      `${EVENTS} events, Http target, concurrency ${CONCURRENCY}; one worker process each; ${rounds} interleaved rounds, from the first receipt to the last ` +
      `(second half: from the ${EVENTS / 2}th receipt, once the plugin's worker has routed and hydrated the backlog).`,
  };
}

/** 3. Fan-out: the same backlog to Http, SendEvent and DiscoverEvent. */
export async function fanOut(sink: Sink): Promise<ScenarioResult> {
  const rounds = 1;
  const { rows } = throughputRows(
    await backlogThroughput(sink, { name: 'fan-out', targetTypes: ['Http', 'SendEvent', 'DiscoverEvent'], rounds }),
  );
  return {
    name: '3. Fan-out',
    rows,
    notes: `${EVENTS} events to 3 targets (${EVENTS * 3} deliveries); the baseline runs 3 bare workers (one per queue, concurrency ${CONCURRENCY} each) in one process.`,
  };
}
