import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { once } from 'node:events';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import type { CheckpointWorkerData, CheckpointWorkerMessage } from './sqlite-checkpoint.worker';

/** SQLite's own defaults, restored whenever the thread does not run: the connection then checkpoints itself again. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;
const SQLITE_JOURNAL_SIZE_LIMIT = -1;
const STOP_TIMEOUT_MS = 5_000;

export interface SqliteCheckpointerOptions {
  /** The database file (in WAL mode). */
  path: string;
  /** How often the thread checkpoints. Default 200 ms. */
  intervalMs?: number;
  /**
   * Log pages (of 4 KiB by default) beyond which the shop's connection checkpoints itself, so that the log
   * restarts and is cut back to this size. Default 16384 (64 MiB).
   */
  maxLogPages?: number;
}

/**
 * Checkpoints the SQLite write-ahead log from a thread of its own. SQLite checkpoints inside the commit
 * that fills the log past 1000 pages, on the connection's thread, and with `synchronous = NORMAL` a
 * checkpoint syncs the files: with better-sqlite3 that is the event loop, held up for tens of
 * milliseconds every few hundred delivery-log rows while the shop's requests wait. While the thread
 * runs, the shop's connection checkpoints itself only past `maxLogPages`: a log written to at every turn
 * is never restarted by the thread's checkpoints, only by one on the connection that writes it, which then
 * finds little left to copy. It takes SQLite's defaults up again if the thread stops.
 */
export class SqliteCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SqliteCheckpointer.name);
  private worker?: Worker;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: SqliteCheckpointerOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const workerData: CheckpointWorkerData = { path: this.options.path, intervalMs: this.options.intervalMs ?? 200 };
    const worker = new Worker(join(__dirname, `sqlite-checkpoint.worker${extname(__filename)}`), {
      workerData,
      // Run from its TypeScript source (the tests), the thread compiles it as they do.
      execArgv: extname(__filename) === '.ts' ? ['--require', '@swc-node/register'] : [],
    });
    try {
      await onceReady(worker);
    } catch (error) {
      this.logger.warn(`SQLite checkpoints stay on the event loop: the checkpoint thread did not start (${(error as Error).message}).`);
      return;
    }
    this.worker = worker;
    // The thread never keeps the process alive by itself.
    worker.unref();
    worker.on('message', (message: CheckpointWorkerMessage) => this.onMessage(message));
    worker.on('error', (error: unknown) => this.logger.warn(`The SQLite checkpoint thread failed: ${(error as Error).message}`));
    worker.on('exit', () => this.onExit());
    const maxLogPages = this.options.maxLogPages ?? 16_384;
    const [{ page_size: pageSize }] = (await this.dataSource.query('PRAGMA page_size')) as Array<{ page_size: number }>;
    await this.setLogBounds(maxLogPages, maxLogPages * pageSize);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.stopping = true;
    const exited = once(worker, 'exit');
    worker.postMessage('stop');
    const timeout = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timeout);
    await this.restoreSqliteDefaults();
  }

  private onMessage(message: CheckpointWorkerMessage): void {
    if (message.type === 'failed') this.logger.warn(`SQLite checkpoint failed, tried again shortly: ${message.message}`);
  }

  private onExit(): void {
    this.worker = undefined;
    if (this.stopping) return;
    this.logger.warn('The SQLite checkpoint thread stopped: checkpoints are back on the event loop.');
    void this.restoreSqliteDefaults();
  }

  private async setLogBounds(autocheckpointPages: number, journalSizeLimit: number): Promise<void> {
    await this.dataSource.query(`PRAGMA wal_autocheckpoint = ${autocheckpointPages}`);
    await this.dataSource.query(`PRAGMA journal_size_limit = ${journalSizeLimit}`);
  }

  private async restoreSqliteDefaults(): Promise<void> {
    try {
      if (this.dataSource.isInitialized) await this.setLogBounds(SQLITE_AUTOCHECKPOINT_PAGES, SQLITE_JOURNAL_SIZE_LIMIT);
    } catch (error) {
      this.logger.warn(`SQLite's own checkpoints could not be turned back on: ${(error as Error).message}`);
    }
  }
}

/** Resolves when the thread has opened the database; rejects if it fails or exits first. */
function onceReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    const onMessage = (message: CheckpointWorkerMessage) => {
      if (message.type !== 'ready') return;
      cleanUp();
      resolve();
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanUp();
      reject(new Error(`it exited with code ${code}`));
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}
