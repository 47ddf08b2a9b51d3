import { Logger, type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { getPriority, setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SharedRequestLoad } from '../../capture';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';
import {
  WORKERS_THREAD_CLOSE,
  WORKERS_THREAD_NICENESS_KEY,
  WORKERS_THREAD_READY,
  WorkersThread,
  type WorkersThreadOptions,
} from './workers-thread';
import { WorkersThreadError } from './workers-thread.error';

/**
 * Starts the API process's queue workers in a thread of its own, from `filename` (a built `.js` file
 * of the host that calls `runWorkersInThread`). Call it in an app with `workers: false` once it
 * listens; it resolves when the thread's workers run. Deliveries then use another core and still
 * hold back while this thread is busy with requests (`yieldToRequests`). The thread closes with the
 * app; if it stops, it is started again. Does nothing while tracking is off (`enabled: false`).
 * @publicApi
 */
export function startWorkersInThread(app: INestApplication, filename: string | URL, options?: WorkersThreadOptions): Promise<void> {
  return app.get(WorkersThread, { strict: false }).start(filename, options);
}

/**
 * The workers' thread side of `startWorkersInThread`: boots the host's worker app (`workers: true`,
 * no HTTP server) with `bootstrap`, tells the API thread it runs, and closes it when the API thread
 * closes. Resolves to the app. On Linux the thread first lowers its own scheduling priority below the
 * API thread's (`niceness` of `startWorkersInThread`).
 * @publicApi
 */
export async function runWorkersInThread<App extends INestApplicationContext>(bootstrap: () => Promise<App>): Promise<App> {
  const port = parentPort;
  if (isMainThread || !port || !SharedRequestLoad.ofThisThread()) {
    throw new WorkersThreadError('runWorkersInThread runs in the thread that startWorkersInThread starts, not on its own.');
  }
  lowerThisThreadsPriority((workerData as Record<string, unknown>)[WORKERS_THREAD_NICENESS_KEY]);
  const app = await bootstrap();
  if (!app.get(WorkersThread, { strict: false }).appRunsWorkers) {
    await app.close();
    throw new WorkersThreadError('The app of the workers thread has `workers: false`: nothing in it would deliver.');
  }
  port.on('message', (message) => {
    if (message !== WORKERS_THREAD_CLOSE) return;
    // Ends this thread only, once its deliveries in flight are done (the app's shutdown grace period).
    void app.close().finally(() => process.exit(0));
  });
  port.postMessage(WORKERS_THREAD_READY);
  return app;
}

/** Linux keeps a nice value per thread: this one's only, relative to the API thread's, which it inherited. */
function lowerThisThreadsPriority(niceness: unknown): void {
  if (process.platform !== 'linux' || typeof niceness !== 'number' || niceness === 0) return;
  try {
    setPriority(Math.min(19, getPriority() + niceness));
  } catch (error) {
    new Logger(TRACKING_EVENTS_LOGGER_CONTEXT).warn(
      `The workers thread runs at the API thread's priority: lowering it failed (${(error as Error).message}).`,
    );
  }
}
