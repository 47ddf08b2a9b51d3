import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { RequestActivity } from './request-context';
import type { YieldToRequestsSettings } from '../options';

/** How often the event loop's utilization is read: the longest a delivery waits after the loop has room. */
export const LOOP_SAMPLE_INTERVAL_MS = 100;

/** The event loop's utilization (0 to 1) since the previous reading. */
export type LoopUtilization = () => number;

/** Reads `performance.eventLoopUtilization()` over the time since the last reading. */
export function loopUtilizationMeter(): LoopUtilization {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization;
  };
}

/** Whether the requests this process serves keep its HTTP thread busy: read once per sample, over the time since the last reading. */
export type RequestLoadReading = () => boolean;

/** Busy while requests came in since the last reading and the loop was at least `busyUtilization` busy. */
export function localRequestLoad(
  settings: { busyUtilization: number },
  activity: Pick<RequestActivity, 'takeCount'>,
  utilization: LoopUtilization = loopUtilizationMeter(),
): RequestLoadReading {
  return () => {
    // Both read every time, so that each reading covers the time since the previous one.
    const requests = activity.takeCount();
    const busy = utilization() >= settings.busyUtilization;
    return requests > 0 && busy;
  };
}

interface HeldDelivery {
  releaseAt: number;
  release: () => void;
}

/**
 * Holds the pipeline's work back while the requests of this process keep its HTTP thread busy, so
 * that workers sharing a process with the API take no capacity the shop needs: the routing of
 * captured events (with its hydration) and the deliveries catch up as soon as there is room. Work is
 * held `maxHoldBackMs` at most, counted from when it was queued, and then goes ahead regardless. The
 * load is read from this thread's own loop, or, in a worker thread of an API process
 * (`startWorkersInThread`), from the API thread's. A process that serves no requests (a worker
 * process) never holds any. One per process: its readings take the request count.
 */
export class RequestYielding {
  private sampler?: NodeJS.Timeout;
  private busy = false;
  private held: HeldDelivery[] = [];

  constructor(
    private readonly settings: Required<YieldToRequestsSettings>,
    private readonly readLoad: RequestLoadReading,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (!this.settings.enabled || this.sampler) return;
    this.sampler = setInterval(() => this.sample(), LOOP_SAMPLE_INTERVAL_MS).unref();
  }

  /** Stops watching the loop and lets every held delivery go (a shutdown lets them finish within its grace period). */
  stop(): void {
    clearInterval(this.sampler);
    this.sampler = undefined;
    this.busy = false;
    this.releaseWhere(() => true);
  }

  /**
   * Resolves at once while the loop has room; otherwise once it has, or `maxHoldBackMs` after `since` at
   * the latest (and `longestWaitMs` from now, where a caller must not wait longer).
   */
  async whenRoom(since: number, longestWaitMs = Infinity): Promise<void> {
    if (!this.busy) return;
    const releaseAt = Math.min(since + this.settings.maxHoldBackMs, this.now() + longestWaitMs);
    if (releaseAt <= this.now()) return;
    await new Promise<void>((release) => this.held.push({ releaseAt, release }));
  }

  /** One reading of the request load; held work goes when it finds room, or when it is due. */
  sample(): void {
    this.busy = this.readLoad();
    const now = this.now();
    this.releaseWhere((held) => !this.busy || held.releaseAt <= now);
  }

  private releaseWhere(due: (held: HeldDelivery) => boolean): void {
    const kept: HeldDelivery[] = [];
    for (const held of this.held) {
      if (due(held)) held.release();
      else kept.push(held);
    }
    this.held = kept;
  }
}
