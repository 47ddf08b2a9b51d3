import { Inject, Injectable } from '@nestjs/common';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import { OutboxEventEntity } from '../../capture/outbox/outbox-event.entity';
import { CaptureStream } from '../../capture/stream/capture-stream';
import { withTimeout } from '../../common/with-timeout';
import type { CircuitCount, PipelineGaugeReader, QueueDepth } from '../../metrics/pipeline-gauge-reader';
import type { TrackingEventsSettings } from '../../options';
import { TargetQueues } from '../../queues/target-queues';
import { LibraryRedis } from '../../redis/library-redis';
import { TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_SETTINGS } from '../../tracking-events.tokens';
import { CircuitBreaker, DeliveryCircuit } from '../circuit-breaker/circuit-breaker';
import { DeadLetterEntity } from '../dead-letters/dead-letter.entity';

/**
 * Readings of the pipeline's state for the health check and the metrics: each a query or two on an
 * index, and each failing after the health check's `timeoutMs` rather than hanging the probe or the
 * scrape.
 */
@Injectable()
export class PipelineReadings implements PipelineGaugeReader {
  private readonly timeoutMs: number;

  constructor(
    private readonly redis: LibraryRedis,
    private readonly stream: CaptureStream,
    private readonly targetQueues: TargetQueues,
    private readonly circuitBreaker: CircuitBreaker,
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TRACKING_EVENTS_SETTINGS) settings: TrackingEventsSettings,
  ) {
    this.timeoutMs = settings.health.timeoutMs;
  }

  /** Resolves when Redis answers a PING. */
  pingRedis(): Promise<void> {
    return this.timed(async () => void (await this.redis.client.ping()));
  }

  queueDepths(): Promise<QueueDepth[]> {
    return this.timed(() =>
      Promise.all(
        this.targetQueues.byType().map(async ([targetType, queue]) => {
          const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
          return { targetType, waiting: counts.waiting + counts.prioritized, delayed: counts.delayed, active: counts.active };
        }),
      ),
    );
  }

  outboxRows(): Promise<number> {
    return this.timed(() => this.dataSource.getRepository(OutboxEventEntity).count());
  }

  /** Age of the oldest captured event not routed yet: the capture stream's first entry, or the outbox's oldest row. */
  captureLagMs(): Promise<number> {
    return this.timed(async () => {
      const [entries, oldestRows] = await Promise.all([
        this.redis.client.xrange(this.stream.key, '-', '+', 'COUNT', 1),
        this.dataSource.getRepository(OutboxEventEntity).find({ order: { createdAt: 'ASC' }, take: 1 }),
      ]);
      // A stream entry's ID starts with the time Redis took it, in milliseconds.
      const capturedAt = [...entries.map(([id]) => Number(id.split('-')[0])), ...oldestRows.map((row) => row.createdAt.getTime())];
      return capturedAt.length === 0 ? 0 : Math.max(0, Date.now() - Math.min(...capturedAt));
    });
  }

  /** Every open circuit: paused, or probing its target. */
  circuits(): Promise<DeliveryCircuit[]> {
    return this.timed(() => this.circuitBreaker.list());
  }

  /** Paused and probing circuits per target type, every target type listed. */
  async circuitCounts(): Promise<CircuitCount[]> {
    const circuits = await this.circuits();
    return this.targetQueues.byType().map(([targetType]) => {
      const ofType = circuits.filter((circuit) => circuit.TargetType === targetType);
      return {
        targetType,
        paused: ofType.filter((circuit) => circuit.State === 'Paused').length,
        probing: ofType.filter((circuit) => circuit.State === 'Probing').length,
      };
    });
  }

  /** Dead letters of deliveries that failed for good at `since` or later. */
  deadLettersSince(since: Date): Promise<number> {
    return this.timed(() => this.dataSource.getRepository(DeadLetterEntity).countBy({ failedAt: MoreThanOrEqual(since) }));
  }

  private timed<T>(read: () => Promise<T>): Promise<T> {
    return withTimeout(read(), this.timeoutMs);
  }
}
