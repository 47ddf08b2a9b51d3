import { isMainThread, workerData } from 'node:worker_threads';
import type { RequestLoadReading } from './request-yielding';

/** The `workerData` key under which an API thread hands its workers' thread the shared request load. */
export const SHARED_REQUEST_LOAD_KEY = 'trackingEventsRequestLoad';

/**
 * The API thread's request load, shared with the thread that runs its workers: one flag in shared
 * memory, set by the API thread at each of its readings and read by the workers' thread at each of
 * its own, so that deliveries running on another core still give way while the shop's thread is busy.
 */
export class SharedRequestLoad {
  private readonly flag: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.flag = new Int32Array(buffer);
  }

  set(busy: boolean): void {
    Atomics.store(this.flag, 0, busy ? 1 : 0);
  }

  readonly read: RequestLoadReading = () => Atomics.load(this.flag, 0) === 1;

  /** The load this thread was handed when `startWorkersInThread` started it; none on the main thread. */
  static ofThisThread(): SharedRequestLoad | undefined {
    if (isMainThread || typeof workerData !== 'object' || workerData === null) return undefined;
    const buffer = (workerData as Record<string, unknown>)[SHARED_REQUEST_LOAD_KEY];
    return buffer instanceof SharedArrayBuffer ? new SharedRequestLoad(buffer) : undefined;
  }
}
