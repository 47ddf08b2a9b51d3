import { Pool } from 'undici';

/** Where a paced load sends its requests: each target gets every n-th of them. */
export interface PacedTarget {
  url: string;
  headersOf(n: number): Record<string, string>;
}

/**
 * An open-loop load: `rate` POSTs a second, evenly spaced and shared out in turn between the targets,
 * each timed from when it was due. Unlike a fixed number of connections each waiting for its answer,
 * a slow answer does not hold the next requests back, so the latency measured is the request's own and
 * not the queue in front of it (autocannon's rate option sends each second's requests in a burst).
 * Resolves to each target's latencies in milliseconds; throws if any request fails.
 */
export async function pacedLoad(options: { targets: PacedTarget[]; rate: number; seconds: number; body: string }): Promise<number[][]> {
  const { targets, rate, body } = options;
  const endpoints = targets.map((target) => new URL(target.url));
  const pools = endpoints.map((endpoint) => new Pool(endpoint.origin, { connections: 64, keepAliveTimeout: 30_000 }));
  const latencies = targets.map((): number[] => []);
  const failures: string[] = [];
  const total = Math.round(rate * options.seconds);
  const pending: Promise<void>[] = [];
  const started = performance.now();
  const send = async (n: number, dueAt: number) => {
    const side = n % targets.length;
    try {
      const response = await pools[side].request({
        path: endpoints[side].pathname,
        method: 'POST',
        body,
        headers: targets[side].headersOf(Math.floor(n / targets.length)),
      });
      await response.body.dump();
      if (response.statusCode < 200 || response.statusCode >= 300) failures.push(`answered ${response.statusCode}`);
    } catch (error) {
      failures.push((error as Error).message);
    }
    latencies[side].push(performance.now() - dueAt);
  };
  try {
    for (let n = 0; n < total;) {
      const now = performance.now();
      for (; n < total && started + (n * 1000) / rate <= now; n++) pending.push(send(n, started + (n * 1000) / rate));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(pending);
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
  if (failures.length > 0) throw new Error(`${failures.length} of ${total} paced requests failed, e.g. ${failures[0]}`);
  return latencies;
}
