import { BacklogRun, baselineBacklogRun, pluginBacklogRun, pluginRoutedBacklogRun, RoutingRun } from '../lib/backlog-run';
import { Capacity, progress, ScenarioResult } from '../lib/report';
import { DeliveryShop, deliveryShop } from '../lib/shop';
import type { Sink } from '../lib/sink-client';
import { median, round, sum } from '../lib/stats';

export const EVENTS = 20_000;
export const CONCURRENCY = 50;
const WARM_UP_EVENTS = 2_000;
/** The routed backlog, a reported row and no goal's, runs in the first rounds only: the benchmark stays under 10 minutes. */
const ROUTED_ROUNDS = 3;

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

type ThroughputRuns = { system: BacklogRun[]; routed: Array<BacklogRun & { routing: RoutingRun }>; baseline: BacklogRun[] };
const SIDES = ['system', 'routed', 'baseline'] as const;

/**
 * A backlog of captured events delivered by one worker process of the sample app, which routes and
 * hydrates it as it delivers (system); the same backlog routed first, then delivered (routed); and the
 * bare BullMQ worker posting as many bodies of the same size at the same concurrency per queue
 * (baseline). Each round runs them, in an order that turns from round to round.
 */
export async function backlogThroughput(sink: Sink, options: ThroughputOptions): Promise<ThroughputRuns> {
  const { shop, messageBytes } = await backlogShop(sink, options.name, options.targetTypes);
  const runs: ThroughputRuns = { system: [], routed: [], baseline: [] };
  for (let round = 1; round <= options.rounds; round++) {
    const order = SIDES.map((_, index) => SIDES[(index + round - 1) % SIDES.length]);
    for (const side of order.filter((side) => side !== 'routed' || round <= ROUTED_ROUNDS)) {
      let run: BacklogRun;
      let routing = '';
      if (side === 'system') {
        run = await pluginBacklogRun(sink, shop, EVENTS, options.targetTypes.length);
        runs.system.push(run);
      } else if (side === 'routed') {
        const routed = await pluginRoutedBacklogRun(sink, shop, EVENTS, options.targetTypes);
        runs.routed.push(routed);
        run = routed;
        routing = `(routed first at ${Math.round(routed.routing.routedPerSecond)} events/s) `;
      } else {
        run = await baselineBacklogRun(sink, options.targetTypes.length, EVENTS, CONCURRENCY, { bodyBytes: messageBytes });
        runs.baseline.push(run);
      }
      progress(
        `${options.name} round ${round}/${options.rounds}, ${side}: ${Math.round(run.deliveriesPerSecond)} deliveries/s ` +
          routing +
          `(${run.averageBodyBytes} B bodies, ${run.duplicates} duplicates; CPU per delivery: Redis ${Math.round(run.redisCpuMsPerDelivery * 1000)} µs, ` +
          `worker ${Math.round(run.workerCpuMsPerDelivery * 1000)} µs)`,
      );
    }
  }
  return runs;
}

/**
 * The CPU cost per delivery of a side's runs (medians), and what one core of Redis, or of a worker
 * process, would deliver at that cost.
 */
export function capacityOf(runs: BacklogRun[]): Capacity {
  const redisCpuMsPerDelivery = median(runs.map((run) => run.redisCpuMsPerDelivery));
  const workerCpuMsPerDelivery = median(runs.map((run) => run.workerCpuMsPerDelivery));
  return {
    redisCpuMsPerDelivery: round(redisCpuMsPerDelivery, 4),
    workerCpuMsPerDelivery: round(workerCpuMsPerDelivery, 4),
    deliveriesPerSecondPerRedisCore: Math.round(1000 / redisCpuMsPerDelivery),
    deliveriesPerSecondPerWorkerCore: Math.round(1000 / workerCpuMsPerDelivery),
  };
}

/**
 * The rows of a throughput scenario. Its ratios are medians of the rounds' ratios, as scenario 1's: the
 * sides of a round run within seconds of each other, while the machine's speed drifts from round to
 * round. The ratio of the medians is reported beside them. The CPU rows are the goal's runs' (the
 * worker routes and hydrates as it delivers) and the bare worker's.
 */
export function throughputRows(runs: ThroughputRuns) {
  const rate = (side: (typeof SIDES)[number]) => median(runs[side].map((run) => run.deliveriesPerSecond));
  const [system, routed, baseline] = [rate('system'), rate('routed'), rate('baseline')];
  const roundRatios = (side: 'system' | 'routed') =>
    runs[side].map((run, round) => run.deliveriesPerSecond / runs.baseline[round].deliveriesPerSecond);
  const systemRatios = roundRatios('system');
  const ratio = median(systemRatios);
  const routing = (read: (run: RoutingRun) => number) => median(runs.routed.map((run) => read(run.routing)));
  const capacity = {
    system: capacityOf(runs.system),
    baseline: capacityOf(runs.baseline),
    deliveryOnly: capacityOf(runs.routed),
    routingPerEvent: {
      workerCpuMs: round(
        routing((run) => run.workerCpuMsPerEvent),
        4,
      ),
      redisCpuMs: round(
        routing((run) => run.redisCpuMsPerEvent),
        4,
      ),
    },
  };
  const capacityRow = (metric: string, field: keyof Capacity) => ({
    metric,
    system: capacity.system[field],
    baseline: capacity.baseline[field],
  });
  return {
    ratio,
    capacity,
    rows: [
      { metric: 'deliveries/s (median)', system: Math.round(system), baseline: Math.round(baseline), ratio: round(ratio, 3) },
      {
        metric: 'ratio in each round',
        system: systemRatios.map((value) => round(value, 3)).join(' '),
        baseline: '-',
      },
      { metric: 'ratio of the medians', system: '-', baseline: '-', ratio: round(system / baseline, 3) },
      {
        metric: 'deliveries/s, routed backlog',
        system: Math.round(routed),
        baseline: Math.round(baseline),
        ratio: round(median(roundRatios('routed')), 3),
      },
      { metric: 'routing alone, events/s', system: Math.round(routing((run) => run.routedPerSecond)), baseline: '-' },
      {
        metric: 'routing alone, Redis / worker CPU ms per event',
        system: `${capacity.routingPerEvent.redisCpuMs} / ${capacity.routingPerEvent.workerCpuMs}`,
        baseline: '-',
      },
      {
        metric: 'routed backlog, Redis / worker CPU ms per delivery',
        system: `${capacity.deliveryOnly.redisCpuMsPerDelivery} / ${capacity.deliveryOnly.workerCpuMsPerDelivery}`,
        baseline: '-',
      },
      {
        metric: 'body bytes (mean)',
        system: median(runs.system.map((run) => run.averageBodyBytes)),
        baseline: median(runs.baseline.map((run) => run.averageBodyBytes)),
      },
      {
        metric: 'duplicates',
        system: sum([...runs.system, ...runs.routed].map((run) => run.duplicates)),
        baseline: sum(runs.baseline.map((run) => run.duplicates)),
      },
      capacityRow('Redis CPU ms per delivery (median)', 'redisCpuMsPerDelivery'),
      capacityRow('worker CPU ms per delivery (median)', 'workerCpuMsPerDelivery'),
      capacityRow('deliveries/s per Redis core', 'deliveriesPerSecondPerRedisCore'),
      capacityRow('deliveries/s per worker process core', 'deliveriesPerSecondPerWorkerCore'),
    ],
  };
}

/** 2. Delivery throughput: 20,000 captured events to one Http target. */
export async function deliveryThroughput(sink: Sink): Promise<ScenarioResult> {
  const rounds = 7;
  const { ratio, rows, capacity } = throughputRows(await backlogThroughput(sink, { name: 'throughput', targetTypes: ['Http'], rounds }));
  return {
    name: '2. Delivery throughput',
    rows,
    capacity,
    goal: 'ratio >= 1.0',
    met: ratio >= 1,
    notes:
      `${EVENTS} events, Http target, concurrency ${CONCURRENCY}; one worker process each; ${rounds} interleaved rounds, from the first receipt to the last; ` +
      `ratios: the median of the rounds' ratios (each round's runs are seconds apart; the machine's speed drifts between rounds). ` +
      `The goal's row: the worker routes and hydrates the backlog from the capture stream as it delivers it. Routed backlog (the first ${ROUTED_ROUNDS} rounds): the same worker, ` +
      `the backlog routed while the target queue was paused (as after an outage of the receiver), delivery alone; routing alone: ` +
      `events/s from the worker's start until the capture stream was empty. CPU per delivery: Redis's (INFO cpu, used_cpu_sys + used_cpu_user) and the worker process's ` +
      `(/proc/<pid>/stat), from the worker's start (once ready) to the last receipt, divided by the deliveries made meanwhile; per core: 1000 / that.`,
  };
}

/** 3. Fan-out: the same backlog to Http, SendEvent and DiscoverEvent. */
export async function fanOut(sink: Sink): Promise<ScenarioResult> {
  const rounds = 1;
  const { rows, capacity } = throughputRows(
    await backlogThroughput(sink, { name: 'fan-out', targetTypes: ['Http', 'SendEvent', 'DiscoverEvent'], rounds }),
  );
  return {
    name: '3. Fan-out',
    rows,
    capacity,
    notes: `${EVENTS} events to 3 targets (${EVENTS * 3} deliveries); the baseline runs 3 bare workers (one per queue, concurrency ${CONCURRENCY} each) in one process.`,
  };
}
