import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DeliveryConfigEntity } from '../../entities';
import type { DeliveryCircuit } from '../../operations/circuit-breaker/circuit-breaker';
import { DeliveryAttemptEntity } from '../../operations/delivery-log/delivery-attempt.entity';
import { PipelineReadings } from '../../operations/pipeline-readings/pipeline-readings';
import { LazyResource } from '../../common/lazy-resource';
import { TRACKING_EVENTS_DATA_SOURCE } from '../../tracking-events.tokens';
import type { DeliveryStats, DeliveryTargetStats, PipelineStats } from './delivery-stats.model';
import { countLatency, latencyBucketSql, LatencyCounts, latencyPercentile } from './latency-histogram';
import { STATS_WINDOW_NAMES, STATS_WINDOWS, StatsSpan, statsSpan, StatsWindowName } from './stats-window';
import { timeBucketSql } from './time-bucket-sql';

/** The pipeline's readings are this fresh at most: open dashboards poll every few seconds. */
const PIPELINE_CACHE_MS = 2_000;
/** A window's counts are this stale at most: a thirtieth of a bucket (2 s for the hour's minutes). */
const COUNTS_CACHE_BUCKET_FRACTION = 30;

/** One group of the delivery log: a target's attempts with one outcome, in one bucket and latency bucket. */
interface AttemptGroup {
  configId: string;
  targetType: string;
  outcome: string;
  bucket: number | string;
  latencyBucket: number | string;
  attempts: number | string;
}

interface WindowCounts {
  span: StatsSpan;
  groups: AttemptGroup[];
  configs: Array<Pick<DeliveryConfigEntity, 'id' | 'name' | 'deliveryTargets'>>;
}

/**
 * What reached each DeliveryConfig's targets over the last hour, day or week, from the delivery log,
 * beside the pipeline's state from Redis. One GROUP BY on the log's `attempted_at` index per window:
 * latencies are counted into a histogram by the database rather than read row by row. Answers are
 * shared for a moment, so that many open dashboards cost the database one query.
 */
@Injectable()
export class DeliveryStatsService {
  private readonly counts = new Map(
    STATS_WINDOW_NAMES.map((window) => {
      const { bucketMs } = STATS_WINDOWS[window];
      const read = () => this.readWindowCounts(statsSpan(window, Date.now()));
      return [window, new LazyResource(read, bucketMs / COUNTS_CACHE_BUCKET_FRACTION)];
    }),
  );
  private readonly pipeline = new LazyResource(() => this.readPipelineState(), PIPELINE_CACHE_MS);

  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly readings: PipelineReadings,
  ) {}

  async stats(window: StatsWindowName): Promise<DeliveryStats> {
    const [counts, pipeline] = await Promise.all([this.counts.get(window)!.get(), this.pipeline.get()]);
    const { span } = counts;
    return {
      Window: window,
      From: new Date(span.from).toISOString(),
      To: new Date(span.to).toISOString(),
      BucketSeconds: span.bucketMs / 1000,
      Targets: targetStats(counts, pipeline.circuits),
      Pipeline: pipeline.stats,
    };
  }

  private async readWindowCounts(span: StatsSpan): Promise<WindowCounts> {
    const bucket = timeBucketSql(this.dataSource, 'attempt.attemptedAt', span);
    const [groups, configs] = await Promise.all([
      this.dataSource
        .getRepository(DeliveryAttemptEntity)
        .createQueryBuilder('attempt')
        .select('attempt.deliveryConfigId', 'configId')
        .addSelect('attempt.targetType', 'targetType')
        .addSelect('attempt.outcome', 'outcome')
        .addSelect(bucket.sql, 'bucket')
        .addSelect(latencyBucketSql('attempt.latencyMs'), 'latencyBucket')
        .addSelect('COUNT(*)', 'attempts')
        .where('attempt.attemptedAt >= :spanFrom AND attempt.attemptedAt < :spanTo', {
          spanFrom: new Date(span.from),
          spanTo: new Date(span.to),
        })
        .setParameters(bucket.parameters)
        .groupBy('attempt.deliveryConfigId')
        .addGroupBy('attempt.targetType')
        .addGroupBy('attempt.outcome')
        .addGroupBy(this.dataSource.driver.escape('bucket'))
        .addGroupBy(this.dataSource.driver.escape('latencyBucket'))
        .getRawMany<AttemptGroup>(),
      this.dataSource.getRepository(DeliveryConfigEntity).find({ select: { id: true, name: true, deliveryTargets: true } }),
    ]);
    return { span, groups, configs };
  }

  /** Each reading on its own: one that fails (Redis or the database away) is null, the others stand. */
  private async readPipelineState(): Promise<{ stats: PipelineStats; circuits: DeliveryCircuit[] | null }> {
    const [lag, outbox, queues, circuits] = await Promise.allSettled([
      this.readings.captureLagMs(),
      this.readings.outboxRows(),
      this.readings.queueDepths(),
      this.readings.circuits(),
    ]);
    const valueOf = <T>(result: PromiseSettledResult<T>): T | null => (result.status === 'fulfilled' ? result.value : null);
    const openCircuits = valueOf(circuits);
    return {
      stats: {
        CaptureLagMs: valueOf(lag),
        OutboxRows: valueOf(outbox),
        OpenCircuits: openCircuits?.length ?? null,
        Queues:
          valueOf(queues)?.map(({ targetType, waiting, delayed, active }) => ({
            TargetType: targetType,
            Waiting: waiting,
            Delayed: delayed,
            Active: active,
          })) ?? null,
      },
      circuits: openCircuits ?? null,
    };
  }
}

/**
 * Every target with attempts in the window or configured now, with its counts, buckets and circuit
 * (`Unknown` when the circuits could not be read: `circuits` null).
 */
function targetStats({ span, groups, configs }: WindowCounts, circuits: DeliveryCircuit[] | null): DeliveryTargetStats[] {
  const names = new Map(configs.map((config) => [config.id, config.name]));
  const targets = new Map<string, { stats: DeliveryTargetStats; latencies: LatencyCounts; bucketLatencies: LatencyCounts[] }>();
  const targetOf = (configId: string, targetType: string) => {
    const key = `${configId}\u0000${targetType}`;
    let target = targets.get(key);
    if (!target) {
      target = {
        stats: {
          DeliveryConfigID: configId,
          DeliveryConfigName: names.get(configId) ?? null,
          TargetType: targetType,
          Delivered: 0,
          FailedAttempts: 0,
          DeadLettered: 0,
          Skipped: 0,
          LatencyMs: { P50: null, P90: null, P99: null },
          Buckets: Array.from({ length: span.buckets }, (_, index) => ({
            Start: new Date(span.from + index * span.bucketMs).toISOString(),
            Delivered: 0,
            FailedAttempts: 0,
            DeadLettered: 0,
            LatencyP90Ms: null,
          })),
          Circuit: { State: 'Closed', OpenedAt: null, RetryAt: null },
        },
        latencies: new Map(),
        bucketLatencies: Array.from({ length: span.buckets }, () => new Map()),
      };
      targets.set(key, target);
    }
    return target;
  };

  for (const config of configs) {
    for (const [targetType, targetConfig] of Object.entries(config.deliveryTargets ?? {}))
      if (targetConfig) targetOf(config.id, targetType);
  }
  for (const group of groups) {
    const target = targetOf(group.configId, group.targetType);
    // Clamped: a row written in the same millisecond as a bucket's edge may round to its neighbour.
    const index = Math.min(Math.max(Number(group.bucket), 0), span.buckets - 1);
    const attempts = Number(group.attempts);
    const bucket = target.stats.Buckets[index];
    switch (group.outcome) {
      case 'Delivered': {
        target.stats.Delivered += attempts;
        bucket.Delivered += attempts;
        const latencyBucket = Number(group.latencyBucket);
        if (latencyBucket >= 0) {
          countLatency(target.latencies, latencyBucket, attempts);
          countLatency(target.bucketLatencies[index], latencyBucket, attempts);
        }
        break;
      }
      case 'Failed':
        // Failed for good: the delivery went to the dead letters.
        target.stats.FailedAttempts += attempts;
        target.stats.DeadLettered += attempts;
        bucket.FailedAttempts += attempts;
        bucket.DeadLettered += attempts;
        break;
      case 'Retrying':
        target.stats.FailedAttempts += attempts;
        bucket.FailedAttempts += attempts;
        break;
      case 'Skipped':
        target.stats.Skipped += attempts;
        break;
      // 'Paused' is a delivery held back by its circuit, not an attempt.
    }
  }

  const circuitOf = new Map((circuits ?? []).map((circuit) => [`${circuit.DeliveryConfigID}\u0000${circuit.TargetType}`, circuit]));
  return [...targets.entries()]
    .map(([key, { stats, latencies, bucketLatencies }]) => {
      stats.LatencyMs = {
        P50: latencyPercentile(latencies, 0.5),
        P90: latencyPercentile(latencies, 0.9),
        P99: latencyPercentile(latencies, 0.99),
      };
      stats.Buckets.forEach((bucket, index) => (bucket.LatencyP90Ms = latencyPercentile(bucketLatencies[index], 0.9)));
      const circuit = circuitOf.get(key);
      if (circuit) stats.Circuit = { State: 'Open', OpenedAt: circuit.PausedAt, RetryAt: circuit.RetryAt };
      else if (!circuits) stats.Circuit.State = 'Unknown';
      return stats;
    })
    .sort((a, b) => compare(a.DeliveryConfigID, b.DeliveryConfigID) || compare(a.TargetType, b.TargetType));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
