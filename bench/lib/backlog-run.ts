import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { captureStreamKey } from '../../src/capture/stream/capture-stream';
import { redisKeyLayout } from '../../src/options/redis-key-layout';
import { targetQueueName } from '../../src/queues/queue-names';
import { deleteQueueKeys } from '../../test/support/redis';
import { waitFor } from '../../test/support/wait-for';
import { appendCapturedEvents, capturedEvents, queueBaselineJobs } from './backlog';
import { baselineQueues, startBaselineWorker } from './baseline';
import { cpuTimeMs, residentMemoryMiB } from './processes';
import { median, sum } from './stats';
import { DeliveryShop, REDIS_URL, startShop } from './shop';
import { deliveriesPerSecond, Sink } from './sink-client';

/** A process that consumes a backlog: a worker of the sample app, or the baseline's. */
export interface Consumer {
  pid: number;
  /** All of its processes, when it has more than one (pid is the first). */
  pids?: number[];
  stop(): Promise<void>;
}

export interface BacklogRun {
  deliveriesPerSecond: number;
  /** Deliveries received beyond the expected count (at-least-once: should be 0 in a healthy run). */
  duplicates: number;
  averageBodyBytes: number;
  /** Resident memory of the consumer as the sink reached each checkpoint count (see residentMiBUpTo). */
  residentMiB: Record<number, number>;
  /** CPU time Redis used per delivery, from the consumer's start (once ready) to the last receipt. */
  redisCpuMsPerDelivery: number;
  /** CPU time the consumer's processes used per delivery, over the same span. */
  workerCpuMsPerDelivery: number;
}

/**
 * Starts a consumer on a backlog that is already queued and measures it from the sink: deliveries
 * per second between the first and the last receipt (its start-up is not counted), and its memory
 * at the checkpoints. Also the CPU time Redis and the consumer's processes spent per delivery, read
 * once the consumer is ready and again at the last receipt, divided by the deliveries made between.
 */
export async function deliverBacklog(
  sink: Sink,
  expected: number,
  start: () => Promise<Consumer>,
  checkpoints: number[] = [],
): Promise<BacklogRun> {
  await sink.reset();
  const consumer = await start();
  try {
    const pids = consumer.pids ?? [consumer.pid];
    const workerCpuMs = async () => sum(await Promise.all(pids.map(cpuTimeMs)));
    const before = { redisCpuMs: await redisCpuMs(), workerCpuMs: await workerCpuMs(), received: (await sink.stats()).received };
    const residentMiB: Record<number, number> = {};
    for (const checkpoint of checkpoints) residentMiB[checkpoint] = await residentMiBUpTo(sink, consumer.pid, checkpoint);
    const stats = await sink.waitFor(expected);
    const deliveries = stats.received - before.received;
    const redisCpuMsPerDelivery = ((await redisCpuMs()) - before.redisCpuMs) / deliveries;
    const workerCpuMsPerDelivery = ((await workerCpuMs()) - before.workerCpuMs) / deliveries;
    // Late duplicates, if any, arrive within moments.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const final = await sink.stats();
    return {
      deliveriesPerSecond: deliveriesPerSecond(stats),
      duplicates: final.received - expected,
      averageBodyBytes: Math.round(final.bytes / final.received),
      residentMiB,
      redisCpuMsPerDelivery,
      workerCpuMsPerDelivery,
    };
  } finally {
    await consumer.stop();
  }
}

/**
 * CPU time the benchmark's Redis has used so far (`used_cpu_sys` + `used_cpu_user` of `INFO cpu`), in
 * milliseconds. It counts every client of that Redis, so other work on it shows in the figure.
 */
export async function redisCpuMs(): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const info = await redis.info('cpu');
    const seconds = (field: string) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1]);
    return (seconds('used_cpu_sys') + seconds('used_cpu_user')) * 1000;
  } finally {
    redis.disconnect();
  }
}

/**
 * The median of the process's resident memory, read every 20 ms while the sink's count rises from 80 %
 * of the checkpoint to it. A single reading catches one moment of the heap's and the allocator's
 * cycles: single readings of the same worker at the same count vary widely across runs while its JS
 * heap after a full GC hardly differs (bench/results/history.md).
 */
async function residentMiBUpTo(sink: Sink, pid: number, checkpoint: number, timeoutMs = 180_000): Promise<number> {
  const readings: number[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { received } = await sink.stats();
    if (received >= checkpoint * 0.8) readings.push(await residentMemoryMiB(pid));
    if (received >= checkpoint) return median(readings);
    if (Date.now() > deadline) throw new Error(`The sink received ${received} of ${checkpoint} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The plugin's side: `events` captured events in the shop's stream, delivered by `workers` worker processes of the sample app. */
export async function pluginBacklogRun(
  sink: Sink,
  shop: DeliveryShop,
  events: number,
  deliveriesPerEvent: number,
  options: { workers?: number; checkpoints?: number[] } = {},
): Promise<BacklogRun> {
  await appendCapturedEvents(shop.setup.queuePrefix, capturedEvents(events, shop.orders));
  return deliverBacklog(
    sink,
    events * deliveriesPerEvent,
    async () => {
      const workers = await Promise.all(Array.from({ length: options.workers ?? 1 }, () => startShop(shop.setup, 'worker')));
      return {
        pid: workers[0].pid,
        pids: workers.map((worker) => worker.pid),
        stop: async () => void (await Promise.all(workers.map((worker) => worker.kill('SIGTERM')))),
      };
    },
    options.checkpoints,
  );
}

/** What routing (with hydration and fan-out) cost per event, apart from the deliveries. */
export interface RoutingRun {
  routedPerSecond: number;
  workerCpuMsPerEvent: number;
  redisCpuMsPerEvent: number;
}

/**
 * The plugin's side with routing set apart: the worker routes (and hydrates) the whole backlog while
 * the target queues are paused, then they are resumed and the deliveries are measured as in the other
 * runs (their CPU per delivery is then delivery's alone). Also gives the rate of the routing, from the
 * worker's start until the capture stream is empty, and the worker's and Redis's CPU per event meanwhile.
 */
export async function pluginRoutedBacklogRun(
  sink: Sink,
  shop: DeliveryShop,
  events: number,
  targetTypes: string[],
): Promise<BacklogRun & { routing: RoutingRun }> {
  const queues = targetTypes.map(
    (type) => new Queue(targetQueueName(type), { connection: { url: REDIS_URL }, prefix: shop.setup.queuePrefix }),
  );
  try {
    await Promise.all(queues.map((queue) => queue.pause()));
    await appendCapturedEvents(shop.setup.queuePrefix, capturedEvents(events, shop.orders));
    let routing: RoutingRun | undefined;
    const run = await deliverBacklog(sink, events * targetTypes.length, async () => {
      const worker = await startShop(shop.setup, 'worker');
      const startedAt = Date.now();
      const before = { workerCpuMs: await cpuTimeMs(worker.pid), redisCpuMs: await redisCpuMs() };
      await captureStreamEmptied(shop.setup.queuePrefix);
      routing = {
        routedPerSecond: events / ((Date.now() - startedAt) / 1000),
        workerCpuMsPerEvent: ((await cpuTimeMs(worker.pid)) - before.workerCpuMs) / events,
        redisCpuMsPerEvent: ((await redisCpuMs()) - before.redisCpuMs) / events,
      };
      await Promise.all(queues.map((queue) => queue.resume()));
      return { pid: worker.pid, stop: () => worker.kill('SIGTERM') };
    });
    return { ...run, routing: routing! };
  } finally {
    // Never left paused, whatever failed: the shop's next runs deliver through these queues.
    await Promise.all(queues.map((queue) => queue.resume().finally(() => queue.close())));
  }
}

/** Resolves once the capture stream has no entry left: every event is routed and its deliveries queued. */
async function captureStreamEmptied(queuePrefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const key = captureStreamKey(redisKeyLayout(queuePrefix, false).libraryKeyPrefix);
    // Polled often: the time it took is the routing rate's measure.
    await waitFor('the capture stream to be routed', async () => (await redis.xlen(key)) === 0, 120_000, 10);
  } finally {
    redis.disconnect();
  }
}

/**
 * The baseline's side: as many bodies on each of `queueCount` bare queues, delivered by the bare
 * worker process. `bodyBytes`: the size of the plugin's messages, so that both post as many bytes.
 */
export async function baselineBacklogRun(
  sink: Sink,
  queueCount: number,
  events: number,
  concurrency: number,
  options: { checkpoints?: number[]; bodyBytes?: number } = {},
): Promise<BacklogRun> {
  const queues = baselineQueues(queueCount);
  try {
    await queueBaselineJobs(queues.names, queues.prefix, events, options.bodyBytes);
    return await deliverBacklog(
      sink,
      events * queueCount,
      () => startBaselineWorker(queues, sink.origin, concurrency),
      options.checkpoints,
    );
  } finally {
    await deleteQueueKeys(queues.prefix, REDIS_URL);
  }
}
