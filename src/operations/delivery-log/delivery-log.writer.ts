import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import type { TrackingEventsModuleOptions } from '../../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';
import { TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_OPTIONS } from '../../tracking-events.tokens';
import { insertStatement, SqliteWriterThread } from '../../common/database';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';

const FLUSH_INTERVAL_MS = 1_000;
/**
 * Rows per INSERT, written as soon as they are buffered. Under load only full inserts are written, all
 * with one prepared statement; what is left over waits for more rows, or for the flush once a second,
 * which writes it in inserts of power-of-two sizes (see `insertSizes`). Where SQLite writes on the
 * event loop (no writer thread: a database in memory or not in WAL mode), each insert is its own
 * commit, with the deliveries let through between them, to not stall those in flight.
 */
const ROWS_PER_INSERT = 100;
/**
 * Inserts per commit on a SQLite writer thread: the log's indexes (order ID above all) take a page
 * each per row, and a commit of more rows writes each page once for more of them (500 rows cost
 * about two thirds as much per row as 100). Not more: the application's own writes wait while a
 * commit holds the database's write lock (about 8 ms for 500 rows).
 */
const INSERTS_PER_THREAD_COMMIT = 5;
/** Entries kept while the database cannot take them; beyond, the oldest are dropped (with a warning). */
const MAX_BUFFERED = 20_000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
export const DEFAULT_DELIVERY_LOG_RETENTION_DAYS = 14;

/**
 * Records delivery attempts off the delivery's path: entries are buffered and written in batches
 * (every 100 entries, and what is left once a second), and entries older than the retention window are
 * deleted hourly. The log is a record for people; a worker that dies loses its last second of it. A
 * SQLite file database in WAL mode is written on a thread of its own (SqliteWriterThread), so that
 * its writes do not hold up the deliveries.
 */
@Injectable()
export class DeliveryLogWriter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private buffer: DeliveryAttemptEntity[] = [];
  private flushing?: Promise<void>;
  private timers: NodeJS.Timeout[] = [];
  private readonly retentionDays: number;
  /** Opened at the first write: API processes that deliver nothing have no thread. */
  private thread?: Promise<SqliteWriterThread | undefined>;

  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TRACKING_EVENTS_OPTIONS) options: TrackingEventsModuleOptions,
  ) {
    this.retentionDays = options.deliveryLog?.retentionDays ?? DEFAULT_DELIVERY_LOG_RETENTION_DAYS;
  }

  onApplicationBootstrap(): void {
    this.timers = [setInterval(() => void this.flush(), FLUSH_INTERVAL_MS), setInterval(() => void this.prune(), PRUNE_INTERVAL_MS)];
    this.timers.forEach((timer) => timer.unref());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.timers.forEach((timer) => clearInterval(timer));
    await this.flush();
    await (await this.thread)?.close();
  }

  record(entry: DeliveryAttemptEntity): void {
    this.buffer.push(entry);
    if (this.buffer.length > MAX_BUFFERED) {
      this.buffer.splice(0, this.buffer.length - MAX_BUFFERED);
      this.logger.warn(`The delivery log cannot be written; its oldest entries beyond ${MAX_BUFFERED} are dropped.`);
    }
    if (this.buffer.length >= ROWS_PER_INSERT && !this.flushing) void this.write(ROWS_PER_INSERT);
  }

  /** Writes everything buffered; resolves when it is written (or kept for the next try). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.write(1);
  }

  /** Deletes the entries older than the retention window; resolves to how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(Date.now() - this.retentionDays * 24 * 3600 * 1000);
    try {
      const { affected } = await this.dataSource.getRepository(DeliveryAttemptEntity).delete({ attemptedAt: LessThan(cutoff) });
      return affected ?? 0;
    } catch (error) {
      this.logger.warn(`Could not prune the delivery log: ${(error as Error).message}`);
      return 0;
    }
  }

  /**
   * Writes the buffer while at least `minimumRows` are buffered (ROWS_PER_INSERT: full inserts only): a
   * commit per insert on the event loop, a commit of up to INSERTS_PER_THREAD_COMMIT inserts on a writer thread.
   */
  private write(minimumRows: number): Promise<void> {
    this.flushing = (async () => {
      const thread = await (this.thread ??= this.openThread());
      const rowsPerCommit = thread ? ROWS_PER_INSERT * INSERTS_PER_THREAD_COMMIT : ROWS_PER_INSERT;
      while (this.buffer.length >= minimumRows && this.buffer.length > 0) {
        const ready = minimumRows >= ROWS_PER_INSERT ? this.buffer.length - (this.buffer.length % ROWS_PER_INSERT) : this.buffer.length;
        const sizes = insertSizes(Math.min(ready, rowsPerCommit));
        if (!thread) sizes.length = 1;
        const inserts = [];
        let rows = 0;
        for (const size of sizes) {
          inserts.push(insertStatement(this.dataSource, DeliveryAttemptEntity, this.buffer.slice(rows, rows + size)));
          rows += size;
        }
        try {
          if (thread) await thread.write(inserts);
          else await this.dataSource.query(inserts[0].sql, inserts[0].parameters);
          this.buffer.splice(0, rows);
        } catch (error) {
          this.logger.warn(`Could not write the delivery log (kept for the next try): ${(error as Error).message}`);
          if (thread && !thread.running) this.thread = undefined;
          return;
        }
        if (!thread) await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** A writer thread where the database is SQLite; where it cannot start, the log is written on the event loop. */
  private async openThread(): Promise<SqliteWriterThread | undefined> {
    try {
      return await SqliteWriterThread.open(this.dataSource);
    } catch (error) {
      this.logger.warn(
        `The delivery log is written on the event loop: its SQLite writer thread did not start (${(error as Error).message}).`,
      );
      return undefined;
    }
  }
}

/**
 * The sizes of the inserts that write `rows` rows: full inserts of ROWS_PER_INSERT, then the rest in
 * decreasing powers of two. A log written for months prepares at most eight statements: every other
 * row count would be a statement of its own (up to 1,500 parameters) prepared, cached and evicted.
 */
export function insertSizes(rows: number): number[] {
  const sizes: number[] = [];
  let left = rows;
  while (left >= ROWS_PER_INSERT) {
    sizes.push(ROWS_PER_INSERT);
    left -= ROWS_PER_INSERT;
  }
  for (let size = 64; left > 0; size /= 2) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}
