import { cpus } from 'node:os';
import { BacklogRun, baselineBacklogRun, pluginBacklogRun } from '../lib/backlog-run';
import { WORKER_NODE_OPTIONS } from '../lib/processes';
import { progress, ScenarioResult } from '../lib/report';
import type { Sink } from '../lib/sink-client';
import { median, round } from '../lib/stats';
import { backlogShop, CONCURRENCY, EVENTS } from './delivery-throughput';

const LONG_RUN = 100_000;
const CHECKPOINT = 10_000;

/**
 * 5. Memory: the worker's resident memory after 10,000 and after 100,000 deliveries, beside the bare
 * worker's, in interleaved rounds (the order turns from round to round); medians reported.
 */
export async function workerMemory(sink: Sink): Promise<ScenarioResult> {
  const rounds = 3;
  const { shop, messageBytes } = await backlogShop(sink, 'throughput', ['Http']);
  const runs: Record<'system' | 'baseline', BacklogRun[]> = { system: [], baseline: [] };
  const growth = (run: BacklogRun) => run.residentMiB[LONG_RUN] / run.residentMiB[CHECKPOINT] - 1;
  for (let turn = 1; turn <= rounds; turn++) {
    for (const side of turn % 2 ? (['system', 'baseline'] as const) : (['baseline', 'system'] as const)) {
      const run =
        side === 'system'
          ? await pluginBacklogRun(sink, shop, LONG_RUN, 1, { checkpoints: [CHECKPOINT, LONG_RUN] })
          : await baselineBacklogRun(sink, 1, LONG_RUN, CONCURRENCY, { checkpoints: [CHECKPOINT, LONG_RUN], bodyBytes: messageBytes });
      runs[side].push(run);
      progress(
        `memory round ${turn}/${rounds}, ${side}: ${round(run.residentMiB[CHECKPOINT], 1)} -> ${round(run.residentMiB[LONG_RUN], 1)} MiB ` +
          `(${round(growth(run) * 100, 1)} %)`,
      );
    }
  }
  const medianOf = (side: keyof typeof runs, read: (run: BacklogRun) => number) => median(runs[side].map(read));
  const residentAt = (side: keyof typeof runs, count: number) =>
    round(
      medianOf(side, (run) => run.residentMiB[count]),
      1,
    );
  const systemGrowth = medianOf('system', growth);
  return {
    name: '5. Memory',
    rows: [
      { metric: `RSS MiB after ${CHECKPOINT}`, system: residentAt('system', CHECKPOINT), baseline: residentAt('baseline', CHECKPOINT) },
      { metric: `RSS MiB after ${LONG_RUN}`, system: residentAt('system', LONG_RUN), baseline: residentAt('baseline', LONG_RUN) },
      {
        metric: 'growth (median of rounds)',
        system: `${round(systemGrowth * 100, 1)} %`,
        baseline: `${round(medianOf('baseline', growth) * 100, 1)} %`,
      },
      {
        metric: 'deliveries/s',
        system: Math.round(medianOf('system', (run) => run.deliveriesPerSecond)),
        baseline: Math.round(medianOf('baseline', (run) => run.deliveriesPerSecond)),
      },
    ],
    goal: 'growth < 10 %',
    met: systemGrowth < 0.1,
    notes:
      `One worker process each, Http target, concurrency ${CONCURRENCY}; ${rounds} interleaved rounds of ${LONG_RUN} deliveries, medians; ` +
      `resident memory (VmRSS) as the sink reaches each count (the median of readings over the last fifth before it). ` +
      `Both workers run with ${WORKER_NODE_OPTIONS}, as a production worker would (docs/reliability.md); with Node's defaults on a machine ` +
      `with much memory V8 lets the old generation grow to several times what is live, and the growth between the counts is mostly that (bench/results/history.md).`,
  };
}

/** How many worker processes scale-out runs the backlog with, one count after the other. */
const WORKER_COUNTS = [1, 2, 3];

/** 6. Scale-out: the same backlog delivered by one worker process, then two, then three. */
export async function scaleOut(sink: Sink): Promise<ScenarioResult> {
  const { shop } = await backlogShop(sink, 'throughput', ['Http']);
  const runs: BacklogRun[] = [];
  for (const workers of WORKER_COUNTS) {
    const run = await pluginBacklogRun(sink, shop, EVENTS, 1, { workers });
    runs.push(run);
    progress(
      `scale-out, ${workers} worker process(es): ${Math.round(run.deliveriesPerSecond)} deliveries/s, ` +
        `Redis ${round(run.redisCpuMsPerDelivery, 4)} ms CPU per delivery`,
    );
  }
  const [one] = runs;
  const column = (read: (run: BacklogRun) => number | string) => runs.map(read).join(' / ');
  return {
    name: '6. Scale-out',
    rows: [
      {
        metric: `deliveries/s, ${WORKER_COUNTS.join(' / ')} workers`,
        system: column((run) => Math.round(run.deliveriesPerSecond)),
        baseline: '',
        ratio: column((run) => round(run.deliveriesPerSecond / one.deliveriesPerSecond, 3)),
      },
      { metric: 'duplicates', system: column((run) => run.duplicates), baseline: '' },
      { metric: 'Redis CPU ms per delivery', system: column((run) => round(run.redisCpuMsPerDelivery, 4)), baseline: '' },
      {
        metric: 'worker CPU ms per delivery (all worker processes)',
        system: column((run) => round(run.workerCpuMsPerDelivery, 4)),
        baseline: '',
      },
    ],
    notes:
      `${EVENTS} events, Http target, ${WORKER_COUNTS.join(', ')} worker processes in turn; ratios against one. ` +
      `The processes share this machine's ${cpus().length} cores with Redis, the sink and the benchmark itself. ` +
      `CPU per delivery as in scenario 2, the worker's summed over its processes.`,
  };
}
