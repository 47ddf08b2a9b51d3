import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { withConnectionTurn } from '../common/database';
import { withTimeout } from '../common/with-timeout';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import type { CapturedEvent } from '../messages/captured-event';
import { OutboxEventEntity } from './outbox/outbox-event.entity';
import { CaptureStream } from './stream/capture-stream';
import { UnwritableEventError } from './unwritable-event.error';

interface Pending {
  event: CapturedEvent;
  /** The event as JSON, written when it was recorded. */
  json: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Makes captured events durable before the host's call returns: in the capture stream in Redis, or,
 * when Redis cannot take them in time, in the outbox table of the host's database, from which the
 * relay moves them once Redis is back. Events captured in the same turn of the event loop
 * (concurrent requests) go to Redis together in one `XADD`, one round trip for all of them.
 */
@Injectable()
export class IntakeRecorder {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private pending: Pending[] = [];
  private redisFailing = false;
  private readonly timeoutMs: number;

  constructor(
    private readonly stream: CaptureStream,
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TRACKING_EVENTS_SETTINGS) settings: TrackingEventsSettings,
  ) {
    this.timeoutMs = settings.reliability.captureTimeoutMs;
  }

  /**
   * Resolves once the event is durable. Given the host's transaction, the event goes to the outbox
   * within it, so that it is committed or rolled back with the host's own writes.
   */
  record(event: CapturedEvent, transaction?: EntityManager): Promise<void> {
    // Written now, so that an event JSON cannot carry fails alone, not the others of its batch.
    const json = eventJson(event);
    if (transaction) return this.toOutbox([event], transaction);
    return new Promise((resolve, reject) => {
      this.pending.push({ event, json, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const events = batch.map((entry) => entry.event);
    try {
      await withTimeout(this.stream.append(batch.map((entry) => entry.json)), this.timeoutMs);
      if (this.redisFailing) this.logger.log('Redis takes captured events again; the outbox is relayed by the workers.');
      this.redisFailing = false;
      batch.forEach((entry) => entry.resolve());
    } catch (redisError) {
      try {
        await this.toOutbox(events);
        if (!this.redisFailing) {
          this.logger.warn(
            `Redis cannot take captured events (${(redisError as Error).message}): they are kept in the outbox table until it can.`,
          );
        }
        this.redisFailing = true;
        batch.forEach((entry) => entry.resolve());
      } catch (databaseError) {
        const error = new Error(
          `neither Redis (${(redisError as Error).message}) nor the outbox table (${(databaseError as Error).message}) took it`,
        );
        batch.forEach((entry) => entry.reject(error));
      }
    }
  }

  /** Into the host's transaction when given one; otherwise in a turn of its own, outside the host's transactions. */
  private async toOutbox(events: CapturedEvent[], transaction?: EntityManager): Promise<void> {
    const createdAt = new Date();
    // The same event recorded twice is kept once.
    const insert = (manager: EntityManager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(OutboxEventEntity)
        .values(events.map((event): Partial<OutboxEventEntity> => ({ eventId: event.ID, event, createdAt })) as never)
        .orIgnore()
        .execute();
    await (transaction
      ? insert(transaction)
      : withConnectionTurn(this.dataSource, () => insert(this.dataSource.manager), { background: true }));
  }
}

/** The event as JSON; a host value JSON cannot carry (a BigInt, a cycle, a throwing `toJSON`) is refused with what it was. */
function eventJson(event: CapturedEvent): string {
  try {
    return JSON.stringify(event);
  } catch (error) {
    throw new UnwritableEventError(`its data cannot be written as JSON (${(error as Error)?.message ?? String(error)})`);
  }
}
