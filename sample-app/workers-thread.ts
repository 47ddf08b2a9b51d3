import { runWorkersInThread } from '../src';
import { readSampleConfig } from './config/sample-config';
import { createSampleWorker } from './create-sample-app';

// The queue workers of the shop, in a thread of its API process (RUN_WORKERS=thread, the default):
// main.ts starts this file with startWorkersInThread, and closes it with the app.
void runWorkersInThread(async () => {
  const worker = await createSampleWorker(readSampleConfig(), { holdStartupLogs: true, shutdownHooks: false });
  worker.flushLogs();
  return worker;
});
