import { randomBytes } from 'node:crypto';
import { startBenchScript, workerNodeOptions } from './processes';
import type { Consumer } from './backlog-run';
import { REDIS_URL } from './shop';

/** The baseline's queues: their own prefix, deleted with them. */
export function baselineQueues(count: number): { prefix: string; names: string[] } {
  const prefix = `bench-baseline-${randomBytes(3).toString('hex')}`;
  return { prefix, names: Array.from({ length: count }, (_, n) => `baseline-${n + 1}`) };
}

/** The bare BullMQ worker process, one worker per queue, each at the given concurrency. */
export async function startBaselineWorker(
  queues: { prefix: string; names: string[] },
  sinkOrigin: string,
  concurrency: number,
): Promise<Consumer> {
  return startBenchScript(
    'baseline-worker',
    {
      BASELINE_QUEUES: queues.names.join(','),
      BASELINE_PREFIX: queues.prefix,
      SINK_URL: `${sinkOrigin}/baseline`,
      REDIS_URL,
      CONCURRENCY: String(concurrency),
      NODE_OPTIONS: workerNodeOptions(),
    },
    /baseline worker ready/,
  );
}
