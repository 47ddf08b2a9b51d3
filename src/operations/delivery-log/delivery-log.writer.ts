import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { withConnectionTurn } from '../../common/database';
import type { TrackingEventsSettings } from '../../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';
import { TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_SETTINGS } from '../../tracking-events.tokens';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryAttemptInsert } from './delivery-attempt-insert';

const FLUSH_INTERVAL_MS = 1_000;
const BACKGROUND = { background: true };
/**
 * Rows per INSERT, written as soon as they are buffered. Under load only full inserts are written;
 * what is left over waits for more rows, or for the flush once a second. Each insert is its own
 * commit, with the deliveries let through between them, so as not to stall those in flight.
 */
const ROWS_PER_INSERT = 100;
/** Entries kept while the database cannot take them; beyond, the oldest are dropped (with a warning). */
const MAX_BUFFERED = 20_000;
/** Pruned hourly, or every quarter of the retention window when that is under four hours. */
const MAX_PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** Rows per DELETE when pruning: short statements, so that writers are not locked out for long. */
const ROWS_PER_DELETE = 5_000;

/**
 * Records delivery attempts off the delivery's path: entries are buffered and written in batches
 * (every 100 entries, and what is left once a second), and entries older than the retention window are
 * deleted hourly (more often for a window under four hours), a few thousand rows per statement. The log is a record for people; a worker that dies loses its last second of it.
 */
@Injectable()
export class DeliveryLogWriter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private buffer: DeliveryAttemptEntity[] = [];
  private flushing?: Promise<void>;
  private timers: NodeJS.Timeout[] = [];
  private readonly retentionMs: number;
  private readonly insert: DeliveryAttemptInsert;

  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TRACKING_EVENTS_SETTINGS) settings: TrackingEventsSettings,
  ) {
    this.retentionMs = settings.deliveryLog.retentionDays * 24 * 3600 * 1000;
    this.insert = new DeliveryAttemptInsert(dataSource);
  }

  onApplicationBootstrap(): void {
    this.timers = [
      setInterval(() => void this.flush(), FLUSH_INTERVAL_MS),
      setInterval(() => void this.prune(), Math.min(MAX_PRUNE_INTERVAL_MS, this.retentionMs / 4)),
    ];
    this.timers.forEach((timer) => timer.unref());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.timers.forEach((timer) => clearInterval(timer));
    await this.flush();
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
    const cutoff = new Date(Date.now() - this.retentionMs);
    const attempts = this.dataSource.getRepository(DeliveryAttemptEntity);
    let deleted = 0;
    try {
      for (;;) {
        const expired = await attempts.find({ select: { id: true }, where: { attemptedAt: LessThan(cutoff) }, take: ROWS_PER_DELETE });
        if (expired.length > 0)
          await withConnectionTurn(this.dataSource, () => attempts.delete({ id: In(expired.map(({ id }) => id)) }), BACKGROUND);
        deleted += expired.length;
        if (expired.length < ROWS_PER_DELETE) return deleted;
      }
    } catch (error) {
      this.logger.warn(`Could not prune the delivery log: ${(error as Error).message}`);
      return deleted;
    }
  }

  /** Writes the buffer in inserts of ROWS_PER_INSERT rows while at least `minimumRows` are buffered. */
  private write(minimumRows: number): Promise<void> {
    this.flushing = (async () => {
      while (this.buffer.length >= minimumRows && this.buffer.length > 0) {
        const rows = this.buffer.slice(0, ROWS_PER_INSERT);
        try {
          await withConnectionTurn(this.dataSource, () => this.insert.run(rows), BACKGROUND);
          this.buffer.splice(0, rows.length);
        } catch (error) {
          this.logger.warn(`Could not write the delivery log (kept for the next try): ${(error as Error).message}`);
          return;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }
}
