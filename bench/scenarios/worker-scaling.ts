import { cpus } from 'node:os';
import { baselineBacklogRun, pluginBacklogRun } from '../lib/backlog-run';
import { progress, ScenarioResult } from '../lib/report';
import type { Sink } from '../lib/sink-client';
import { round } from '../lib/stats';
import { backlogShop, CONCURRENCY, EVENTS } from './delivery-throughput';

const LONG_RUN = 100_000;
const CHECKPOINT = 10_000;

/** 5. Memory: the worker's resident memory after 10,000 and after 100,000 deliveries, beside the bare worker's. */
export async function workerMemory(sink: Sink): Promise<ScenarioResult> {
  const { shop, messageBytes } = await backlogShop(sink, 'throughput', ['Http']);
  progress(`memory: ${LONG_RUN} deliveries through the plugin's worker`);
  const system = await pluginBacklogRun(sink, shop, LONG_RUN, 1, { checkpoints: [CHECKPOINT, LONG_RUN] });
  progress(`memory: ${LONG_RUN} deliveries through the bare worker`);
  const baseline = await baselineBacklogRun(sink, 1, LONG_RUN, CONCURRENCY, {
    checkpoints: [CHECKPOINT, LONG_RUN],
    bodyBytes: messageBytes,
  });
  const growth = (run: typeof system) => run.residentMiB[LONG_RUN] / run.residentMiB[CHECKPOINT] - 1;
  return {
    name: '5. Memory',
    rows: [
      {
        metric: `RSS MiB after ${CHECKPOINT}`,
        system: round(system.residentMiB[CHECKPOINT], 1),
        baseline: round(baseline.residentMiB[CHECKPOINT], 1),
      },
      {
        metric: `RSS MiB after ${LONG_RUN}`,
        system: round(system.residentMiB[LONG_RUN], 1),
        baseline: round(baseline.residentMiB[LONG_RUN], 1),
      },
      { metric: 'growth', system: `${round(growth(system) * 100, 1)} %`, baseline: `${round(growth(baseline) * 100, 1)} %` },
      { metric: 'deliveries/s', system: Math.round(system.deliveriesPerSecond), baseline: Math.round(baseline.deliveriesPerSecond) },
    ],
    goal: 'growth < 10 %',
    met: growth(system) < 0.1,
    notes: `One worker process each, Http target, concurrency ${CONCURRENCY}; resident memory (VmRSS) when the sink has received each count.`,
  };
}

/** 6. Scale-out: the same backlog delivered by one worker process, then by two. */
export async function scaleOut(sink: Sink): Promise<ScenarioResult> {
  const { shop } = await backlogShop(sink, 'throughput', ['Http']);
  const one = await pluginBacklogRun(sink, shop, EVENTS, 1, { workers: 1 });
  progress(`scale-out, one worker process: ${Math.round(one.deliveriesPerSecond)} deliveries/s`);
  const two = await pluginBacklogRun(sink, shop, EVENTS, 1, { workers: 2 });
  progress(`scale-out, two worker processes: ${Math.round(two.deliveriesPerSecond)} deliveries/s`);
  return {
    name: '6. Scale-out',
    rows: [
      {
        metric: 'deliveries/s',
        system: `${Math.round(two.deliveriesPerSecond)} (2 workers)`,
        baseline: `${Math.round(one.deliveriesPerSecond)} (1 worker)`,
        ratio: round(two.deliveriesPerSecond / one.deliveriesPerSecond, 3),
      },
      { metric: 'duplicates', system: two.duplicates, baseline: one.duplicates },
    ],
    notes: `${EVENTS} events, Http target. The two processes share this machine's ${cpus().length} cores with Redis, the sink and the benchmark itself.`,
  };
}
