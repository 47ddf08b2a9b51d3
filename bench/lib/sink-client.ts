import { BenchProcess, startBenchScript } from './processes';

export interface SinkStats {
  received: number;
  /** Bytes of the bodies received. */
  bytes: number;
  firstAt: number;
  lastAt: number;
  latencies: number[];
  /** Requests to /flaky/ answered 503. */
  refused: number;
  /** Distinct `webhook-id`s of the requests to /flaky/ answered 200. */
  distinct: number;
}

/** The sink process and what it has received. */
export interface Sink extends BenchProcess {
  origin: string;
  stats(): Promise<SinkStats>;
  /** Forgets what was received. */
  reset(): Promise<void>;
  /** Waits until it has received `count` requests; resolves to its stats. */
  waitFor(count: number, timeoutMs?: number): Promise<SinkStats>;
}

export async function startSink(): Promise<Sink> {
  const process = await startBenchScript('sink', {}, /sink listening on (\d+)/);
  const origin = `http://127.0.0.1:${process.match[1]}`;
  const stats = async () => (await (await fetch(`${origin}/__stats`)).json()) as SinkStats;
  return {
    ...process,
    origin,
    stats,
    reset: async () => {
      await fetch(`${origin}/__reset`, { method: 'POST' });
    },
    waitFor: async (count, timeoutMs = 180_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await stats();
        if (current.received >= count) return current;
        if (Date.now() > deadline) throw new Error(`The sink received ${current.received} of ${count} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** Deliveries per second from the sink's first receipt to its last. */
export function deliveriesPerSecond(stats: SinkStats): number {
  return stats.received / Math.max(0.001, (stats.lastAt - stats.firstAt) / 1000);
}
