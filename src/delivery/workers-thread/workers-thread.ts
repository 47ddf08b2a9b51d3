import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { localRequestLoad, LOOP_SAMPLE_INTERVAL_MS, RequestActivity, SHARED_REQUEST_LOAD_KEY, SharedRequestLoad } from '../../capture';
import { errorMessage } from '../../common/errors/error-message';
import { resolvesWithin } from '../../common/resolves-within';
import type { TrackingEventsSettings } from '../../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';
import { WorkersThreadError } from './workers-thread.error';

/** The thread's message once its workers run. */
export const WORKERS_THREAD_READY = 'tracking-events:workers-ready';
/** The API thread's message asking the thread to close its app. */
export const WORKERS_THREAD_CLOSE = 'tracking-events:workers-close';
/** How long after the thread stopped unexpectedly it is started again. */
export const WORKERS_THREAD_RESTART_MS = 5_000;
/** Beyond the grace period of the thread's deliveries, how long its app may take to close before it is stopped. */
const CLOSE_MARGIN_MS = 5_000;

/** The `workerData` key of how much lower than the API thread the workers' thread runs. */
export const WORKERS_THREAD_NICENESS_KEY = 'trackingEventsWorkersNiceness';
/** By default the workers' thread runs this much lower (a Linux nice value) than the API thread. */
export const DEFAULT_WORKERS_THREAD_NICENESS = 10;

/** What `startWorkersInThread` passes on to `new Worker()` (the thread's `workerData` is the library's), and the thread's priority. */
export interface WorkersThreadOptions extends Omit<WorkerOptions, 'workerData' | 'eval'> {
  /**
   * On Linux, how much lower than the API thread's the workers' thread's scheduling priority is, in
   * nice values (0 to 19; default 10): where cores are short, the OS then gives the API thread the CPU
   * first. Other systems set priorities per process: there the thread runs as the API thread does.
   */
  niceness?: number;
}

/**
 * Runs the host's queue workers in a thread of the API process, started from a file of the host's
 * that calls `runWorkersInThread`: deliveries use another core while the API thread serves, and still
 * give way to requests, since the thread reads the API thread's load (`SharedRequestLoad`). The thread
 * is closed with the app (its deliveries finish within the grace period) and started again if it stops.
 */
export class WorkersThread implements OnApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private readonly load = new SharedRequestLoad();
  private sampler?: NodeJS.Timeout;
  private restart?: NodeJS.Timeout;
  private thread?: Worker;
  private started = false;
  private closing = false;

  constructor(
    private readonly settings: TrackingEventsSettings,
    private readonly activity: RequestActivity,
    /** Whether this app runs queue workers itself (the module's `workers`). */
    readonly appRunsWorkers: boolean,
  ) {}

  /** Resolves once the thread's workers run; rejects with the reason when the thread fails to start. */
  async start(filename: string | URL, options: WorkersThreadOptions = {}): Promise<void> {
    if (this.started) throw new WorkersThreadError('The workers thread was started already: an API process runs one.');
    if (this.appRunsWorkers) {
      throw new WorkersThreadError(
        'This app runs its own workers (`workers: true`): set `workers: false` in the API thread, whose workers then run in the thread.',
      );
    }
    const niceness = options.niceness ?? DEFAULT_WORKERS_THREAD_NICENESS;
    if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) {
      throw new WorkersThreadError(`The workers thread's niceness must be a whole number from 0 to 19, got ${String(niceness)}.`);
    }
    this.started = true;
    if (!this.settings.enabled) return;
    try {
      await this.spawn(filename, options);
    } catch (error) {
      // The host may try again, e.g. once the database it could not reach is back.
      this.started = false;
      throw error;
    }
    if (this.settings.yieldToRequests.enabled) {
      const read = localRequestLoad(this.settings.yieldToRequests, this.activity);
      this.sampler = setInterval(() => this.load.set(read()), LOOP_SAMPLE_INTERVAL_MS).unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.sampler);
    clearTimeout(this.restart);
    // Whatever is held goes out now: the thread's deliveries finish within the grace period.
    this.load.set(false);
    const thread = this.thread;
    if (!thread) return;
    const exited = once(thread, 'exit');
    thread.postMessage(WORKERS_THREAD_CLOSE);
    if (!(await resolvesWithin(exited, this.settings.reliability.shutdownGraceMs + CLOSE_MARGIN_MS))) {
      this.logger.warn('The workers thread did not close in time and was stopped: its jobs in flight are left to another worker.');
      await thread.terminate();
    }
  }

  private spawn(filename: string | URL, options: WorkersThreadOptions): Promise<void> {
    const { niceness = DEFAULT_WORKERS_THREAD_NICENESS, ...workerOptions } = options;
    const workerData = { [SHARED_REQUEST_LOAD_KEY]: this.load.buffer, [WORKERS_THREAD_NICENESS_KEY]: niceness };
    // Known from now on, so that a shutdown during the thread's start closes it too.
    const thread = (this.thread = new Worker(filename, { ...workerOptions, workerData }));
    return new Promise((resolve, reject) => {
      let ready = false;
      // What the thread threw: an uncaught error, or anything else a thread may throw.
      let failure: unknown;
      thread.on('error', (error: unknown) => (failure = error));
      thread.on('message', (message) => {
        if (message !== WORKERS_THREAD_READY) return;
        ready = true;
        resolve();
      });
      thread.once('exit', (code) => {
        const reason = failure === undefined ? `exit code ${code}` : errorMessage(failure);
        if (this.thread === thread) this.thread = undefined;
        if (!ready) {
          reject(new WorkersThreadError(`The workers thread (${String(filename)}) stopped before its workers ran: ${reason}`));
          return;
        }
        if (this.closing) return;
        this.logger.error(
          `The workers thread stopped (${reason}): it starts again in ${WORKERS_THREAD_RESTART_MS / 1000} s; captured events wait in Redis meanwhile.`,
        );
        this.scheduleRestart(filename, options);
      });
    });
  }

  private scheduleRestart(filename: string | URL, options: WorkersThreadOptions): void {
    this.restart = setTimeout(() => {
      this.spawn(filename, options).catch((error: Error) => {
        if (this.closing) return;
        this.logger.error(`${error.message}; it is tried again in ${WORKERS_THREAD_RESTART_MS / 1000} s.`);
        this.scheduleRestart(filename, options);
      });
    }, WORKERS_THREAD_RESTART_MS);
  }
}
