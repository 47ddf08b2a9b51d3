import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import type { SqlStatement } from './insert-statement';

/**
 * The thread's code. better-sqlite3 runs every statement on the thread that calls it; this one has a
 * connection of its own to the same file and runs each batch of statements in one transaction. It is
 * given as source, not as a file, so that it runs the same from the build and from the TypeScript
 * sources under test.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
if (workerData.niceness > 0) {
  try {
    const os = require('node:os');
    os.setPriority(0, Math.min(19, os.getPriority(0) + workerData.niceness));
  } catch {
    // Left at the process's priority: the writes are as correct, only less yielding to the event loop.
  }
}
const db = new Database(workerData.database, { timeout: workerData.busyTimeoutMs, fileMustExist: true });
if (workerData.key !== undefined) db.pragma('key = ' + JSON.stringify(workerData.key));
db.pragma('synchronous = ' + workerData.synchronous);
// SQLite's own default page cache (2 MB) rather than better-sqlite3's 16 MB: this connection appends,
// and the bigger cache only filled up with index pages as the tables grew, resident memory the
// process kept for no measurable gain in its writes.
db.pragma('cache_size = -2000');
const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= 64) statements.clear();
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
const bindable = (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);
const runAll = db.transaction((batch) => {
  for (const { sql, parameters } of batch) prepared(sql).run(parameters.map(bindable));
});
parentPort.on('message', ({ id, batch }) => {
  if (batch === undefined) {
    db.close();
    parentPort.postMessage({ id });
    parentPort.close();
    return;
  }
  try {
    runAll(batch);
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

/**
 * How much lower the thread's scheduling priority is than the process's (its nice value, higher).
 * Its writes are never urgent, while on a machine with every core busy it took CPU time from the
 * event loop it was there to relieve: a delivering worker's thread used about a fifth of the event
 * loop's CPU, and the event loop spent more than a quarter of its time waiting for a core (+10 %
 * deliveries/s, median of eight paired runs, with it). At 5, the thread still gets about a third of
 * the CPU time the event loop gets on a core they share. Linux only: there a thread's priority is its
 * own, while elsewhere the call would lower the whole process's.
 */
export const WRITER_THREAD_NICENESS = process.platform === 'linux' ? 5 : 0;

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Writes to a SQLite file database (TypeORM's `better-sqlite3` driver) on a thread of their own. That
 * driver runs every query on the event loop, where a write of many rows, and the disk flush of a WAL
 * checkpoint, hold up everything else the process does; this thread writes instead, over its own
 * connection, while the event loop goes on. Only for databases in WAL mode, where the application's
 * reads never wait for the thread's writes.
 */
export class SqliteWriterThread {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failure?: Error;

  private constructor(private readonly worker: Worker) {
    // An idle thread does not keep the process alive; one with writes in flight does, until they are done.
    worker.unref();
    worker.on('message', ({ id, error }: { id: number; error?: string }) => {
      const waiting = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(error));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the SQLite writer thread exited (${code})`)));
  }

  /**
   * A writer thread for the data source's database, or undefined where there cannot be one: another
   * database, a database in memory, a driver object given in the options, or a journal other than WAL.
   * Rejects when the thread cannot open the database.
   */
  static async open(dataSource: DataSource): Promise<SqliteWriterThread | undefined> {
    const options = dataSource.options;
    if (options.type !== 'better-sqlite3' || options.driver || typeof options.nativeBinding === 'object') return undefined;
    if (!options.database || options.database === ':memory:') return undefined;
    const [{ journal_mode: journal }] = (await dataSource.query('PRAGMA journal_mode')) as Array<{ journal_mode: string }>;
    if (journal.toLowerCase() !== 'wal') return undefined;
    const [{ synchronous }] = (await dataSource.query('PRAGMA synchronous')) as Array<{ synchronous: number }>;
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        // The driver the application's TypeORM loads, wherever the application installed it.
        driverPath: createRequire(require.resolve('typeorm')).resolve('better-sqlite3'),
        database: options.database,
        key: options.key,
        busyTimeoutMs: options.timeout ?? 5_000,
        synchronous,
        niceness: WRITER_THREAD_NICENESS,
      },
    });
    const thread = new SqliteWriterThread(worker);
    // A first, empty transaction: the thread has opened the database, or says why it could not.
    await thread.write([]);
    return thread;
  }

  /** False once the thread has stopped (it exited, or failed): writes then fail at once. */
  get running(): boolean {
    return this.failure === undefined;
  }

  /** Runs the statements in one transaction; resolves once it is committed. */
  write(batch: SqlStatement[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.send({ batch });
  }

  /** Closes the thread's connection once the writes sent before are done, then the thread. */
  async close(): Promise<void> {
    if (this.failure) return;
    await this.send({ batch: undefined }).catch(() => undefined);
    await this.worker.terminate();
  }

  private send(message: { batch: SqlStatement[] | undefined }): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, ...message });
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
