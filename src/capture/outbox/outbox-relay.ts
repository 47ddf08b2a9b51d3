import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { withConnectionTurn } from '../../common/database';
import type { TrackingEventsSettings } from '../../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';
import { TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_SETTINGS } from '../../tracking-events.tokens';
import { CaptureStream } from '../stream/capture-stream';
import { OutboxEventEntity } from './outbox-event.entity';

const BATCH = 500;

/**
 * Moves events from the outbox table to the capture stream, oldest first, and deletes them once Redis
 * has them. It runs in worker processes; several may run at once: an event relayed twice is routed
 * once (EventClaims).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private failing = false;

  constructor(
    private readonly stream: CaptureStream,
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.settings.reliability.outboxRelayIntervalMs;
    this.timer = setInterval(() => void this.relay(), interval);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Relays everything in the outbox now; resolves to how many events it moved. */
  relay(): Promise<number> {
    this.running ??= this.relayAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async relayAll(): Promise<number> {
    const outbox = this.dataSource.getRepository(OutboxEventEntity);
    let moved = 0;
    try {
      for (;;) {
        const rows = await outbox.find({ order: { createdAt: 'ASC', eventId: 'ASC' }, take: BATCH });
        if (rows.length === 0) break;
        await this.stream.append(rows.map((row) => JSON.stringify(row.event)));
        await withConnectionTurn(this.dataSource, () => outbox.delete({ eventId: In(rows.map((row) => row.eventId)) }), {
          background: true,
        });
        moved += rows.length;
        if (rows.length < BATCH) break;
      }
      if (this.failing || moved > 0) this.logger.log(`Outbox relayed: ${moved} event(s) moved to the capture stream.`);
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`Outbox relay waits for Redis or the database: ${(error as Error).message}`);
      this.failing = true;
    }
    return moved;
  }
}
