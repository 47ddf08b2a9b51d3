// A workers' thread for test/module/workers-thread.e2e-spec.ts, started by WorkersThread with
// `-r @swc-node/register`. Its app stands in for a host's worker app; what it does comes from argv:
// <behaviour> <journal file>, where it appends a line at each start and when its app closes.
import { appendFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { runWorkersInThread } from '../../src';
import { WorkersThread } from '../../src/delivery';

const [behaviour, journal] = process.argv.slice(2);

void runWorkersInThread(async () => {
  appendFileSync(journal, 'started\n');
  if (behaviour === 'reports-priority') appendFileSync(journal, `nice ${getPriority()}\n`);
  if (behaviour === 'fails-to-boot') throw new Error('the database refused the connection');
  const workers = { appRunsWorkers: behaviour !== 'no-workers' } as WorkersThread;
  return {
    get: () => workers,
    close: async () => {
      if (behaviour === 'slow-to-close') await new Promise(() => undefined);
      appendFileSync(journal, 'closed\n');
    },
  } as never;
}).then(() => {
  if (behaviour === 'stops-after-start') setTimeout(() => process.exit(3), 100);
});
