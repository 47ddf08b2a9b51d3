// The thread of SqliteCheckpointer: checkpoints the shop's SQLite write-ahead log on a connection of its own.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointWorkerData {
  path: string;
  intervalMs: number;
}

/** What the thread tells its owner: that it runs, and the first failure after a checkpoint that went well. */
export type CheckpointWorkerMessage = { type: 'ready' } | { type: 'failed'; message: string };

const { path, intervalMs } = workerData as CheckpointWorkerData;
const port = parentPort!;
const database = new Database(path, { fileMustExist: true });

let failing = false;

function checkpoint(): void {
  try {
    // PASSIVE takes no lock the shop's connection waits for: frames written meanwhile wait for the next turn. The
    // stronger modes hold the write lock, which a shop transaction that has read and then writes is refused at once.
    database.pragma('wal_checkpoint(PASSIVE)');
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
