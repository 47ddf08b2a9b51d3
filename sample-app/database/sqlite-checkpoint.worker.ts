// The thread of SqliteCheckpointer: checkpoints the shop's SQLite write-ahead log on a connection of its own.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointWorkerData {
  path: string;
  intervalMs: number;
  /** Log pages beyond which the log is also truncated, waiting at most truncateWaitMs for the shop's writes. */
  truncateAbovePages: number;
  truncateWaitMs: number;
}

/** What the thread tells its owner: that it runs, and the first failure after a checkpoint that went well. */
export type CheckpointWorkerMessage = { type: 'ready' } | { type: 'failed'; message: string };

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

const { path, intervalMs, truncateAbovePages, truncateWaitMs } = workerData as CheckpointWorkerData;
const port = parentPort!;
const database = new Database(path, { fileMustExist: true, timeout: truncateWaitMs });

let failing = false;

function checkpoint(): void {
  try {
    // PASSIVE never waits for the shop's connection: frames written meanwhile wait for the next turn.
    const [result] = database.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    // A log written to at every turn is never emptied, so never restarted: beyond the bound it is emptied and cut back,
    // holding the shop's writes for at most truncateWaitMs.
    if (result.log > truncateAbovePages) database.pragma('wal_checkpoint(TRUNCATE)');
    failing = false;
  } catch (error) {
    // An I/O error and the like: the next turn tries again; the owner hears of it once per run of failures.
    if (!failing) port.postMessage({ type: 'failed', message: (error as Error).message } satisfies CheckpointWorkerMessage);
    failing = true;
  }
}

const timer = setInterval(checkpoint, intervalMs);
port.on('message', (message: 'stop') => {
  if (message !== 'stop') return;
  clearInterval(timer);
  database.close();
  port.close();
});
port.postMessage({ type: 'ready' } satisfies CheckpointWorkerMessage);
