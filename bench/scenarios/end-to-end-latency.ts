import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteQueueKeys } from '../../test/support/redis';
import { baselineQueues, startBaselineWorker } from '../lib/baseline';
import { startBenchScript } from '../lib/processes';
import { progress, ScenarioResult } from '../lib/report';
import { deliveryShop, REDIS_URL, startShop } from '../lib/shop';
import type { Sink } from '../lib/sink-client';
import { percentile } from '../lib/stats';

const RATE = 500;
const SECONDS = 30;

interface LatencyRun {
  p50: number;
  p99: number;
  max: number;
  received: number;
}

/**
 * 4. End-to-end latency: events captured at a steady 500 a second for 30 s, from capture (the time the
 * event was made, which its Sitecore Discover message carries as `t`) to the sink's receipt. The
 * system: a capture process (the sample app's publisher) and a worker process; the baseline: a
 * producer adding a job per event to a bare queue, and the bare worker.
 */
export async function endToEndLatency(sink: Sink): Promise<ScenarioResult> {
  const settings = { delivery: { targets: { DiscoverEvent: { concurrency: 50 } } } };
  const { setup, orders } = await deliveryShop('latency', sink.origin, ['DiscoverEvent'], settings);
  const producerEnv = { RATE: String(RATE), SECONDS: String(SECONDS) };
  const queues = baselineQueues(1);
  // Too large for the environment of a process: the producer reads the orders from a file.
  const ordersFile = join(tmpdir(), `bench-orders-${process.pid}.json`);
  writeFileSync(ordersFile, JSON.stringify(orders));
  try {
    progress(`end-to-end latency: ${RATE} events/s for ${SECONDS} s through the plugin`);
    const system = await measure(sink, async () => {
      const worker = await startShop(setup, 'worker');
      return {
        stop: () => worker.kill('SIGTERM'),
        producerEnv: { ...setup.env, ...producerEnv, MODE: 'capture', ORDERS_FILE: ordersFile },
      };
    });
    progress(`end-to-end latency, system: p50 ${system.p50} ms, p99 ${system.p99} ms`);
    progress(`end-to-end latency: ${RATE} events/s for ${SECONDS} s through the bare queue and worker`);
    const baseline = await measure(sink, async () => {
      const worker = await startBaselineWorker(queues, sink.origin, 50);
      return {
        stop: () => worker.stop(),
        producerEnv: { ...producerEnv, MODE: 'queue', REDIS_URL, BASELINE_QUEUE: queues.names[0], BASELINE_PREFIX: queues.prefix },
      };
    });
    progress(`end-to-end latency, baseline: p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`);
    return {
      name: '4. End-to-end latency',
      rows: [
        { metric: 'p50 ms', system: system.p50, baseline: baseline.p50 },
        { metric: 'p99 ms', system: system.p99, baseline: baseline.p99 },
        { metric: 'max ms', system: system.max, baseline: baseline.max },
        { metric: 'received', system: system.received, baseline: baseline.received },
      ],
      goal: 'p99 < 100 ms',
      met: system.p99 < 100 && system.received === RATE * SECONDS,
      notes: `${RATE} events/s for ${SECONDS} s, one DiscoverEvent target; capture to receipt, from the event's time to the sink's clock (same machine).`,
    };
  } finally {
    rmSync(ordersFile, { force: true });
    await deleteQueueKeys(queues.prefix, REDIS_URL);
  }
}

async function measure(
  sink: Sink,
  start: () => Promise<{ stop(): Promise<void>; producerEnv: Record<string, string> }>,
): Promise<LatencyRun> {
  const consumer = await start();
  try {
    await sink.reset();
    const producer = await startBenchScript('steady-producer', consumer.producerEnv, /produced (\d+)/, (SECONDS + 60) * 1000);
    const produced = Number(producer.match[1]);
    await producer.stop();
    const stats = await sink.waitFor(produced, 60_000);
    return {
      p50: percentile(stats.latencies, 50),
      p99: percentile(stats.latencies, 99),
      max: Math.max(...stats.latencies),
      received: stats.received,
    };
  } finally {
    await consumer.stop();
  }
}
