import { ApiProperty } from '../../common/openapi';
import { STATS_WINDOW_NAMES, type StatsWindowName } from './stats-window';

/** Latency percentiles, from the event's `OccurredAt` to the target's acknowledgement. @publicApi */
export class LatencyPercentiles {
  @ApiProperty({ type: 'integer', nullable: true, example: 40 })
  P50: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 120 })
  P90: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 400 })
  P99: number | null;
}

/** One bucket of a window. @publicApi */
export class DeliveryStatsBucket {
  @ApiProperty({ format: 'date-time', example: '2026-12-05T21:37:00.000Z' })
  Start: string;

  @ApiProperty({ example: 42 })
  Delivered: number;

  @ApiProperty({ example: 1 })
  FailedAttempts: number;

  @ApiProperty({ example: 0 })
  DeadLettered: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The P90 latency of the deliveries of the bucket.', example: 120 })
  LatencyP90Ms: number | null;
}

/** A target's circuit: `Open` while its deliveries are held back; `Unknown` when Redis could not be read. @publicApi */
export class DeliveryStatsCircuit {
  @ApiProperty({ enum: ['Closed', 'Open', 'Unknown'], example: 'Closed' })
  State: 'Closed' | 'Open' | 'Unknown';

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: null })
  OpenedAt: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When deliveries are tried again; once past, the next one probes the target.',
    example: null,
  })
  RetryAt: string | null;
}

/** One DeliveryConfig's target over the window. @publicApi */
export class DeliveryTargetStats {
  @ApiProperty({ example: 'discover-production' })
  DeliveryConfigID: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'Null when the DeliveryConfig has been deleted.', example: 'Discover' })
  DeliveryConfigName: string | null;

  @ApiProperty({ example: 'DiscoverEvent' })
  TargetType: string;

  @ApiProperty({ example: 1204 })
  Delivered: number;

  @ApiProperty({ description: 'Attempts that failed, retried or not.', example: 3 })
  FailedAttempts: number;

  @ApiProperty({ description: 'Deliveries that failed for good (and were dead-lettered).', example: 1 })
  DeadLettered: number;

  @ApiProperty({ description: 'Deliveries skipped because their configuration was removed or disabled.', example: 0 })
  Skipped: number;

  @ApiProperty({ type: LatencyPercentiles })
  LatencyMs: LatencyPercentiles;

  @ApiProperty({ type: [DeliveryStatsBucket], description: 'Every bucket of the window, oldest first.' })
  Buckets: DeliveryStatsBucket[];

  @ApiProperty({ type: DeliveryStatsCircuit })
  Circuit: DeliveryStatsCircuit;
}

/** A target queue's jobs. @publicApi */
export class QueueDepthStats {
  @ApiProperty({ example: 'DiscoverEvent' })
  TargetType: string;

  @ApiProperty({ example: 0 })
  Waiting: number;

  @ApiProperty({ example: 2 })
  Delayed: number;

  @ApiProperty({ example: 1 })
  Active: number;
}

/** The pipeline now; a reading that failed (Redis or the database away) is null. @publicApi */
export class PipelineStats {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Age of the oldest captured event not routed yet.', example: 12 })
  CaptureLagMs: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Events kept in the outbox while Redis was away.', example: 0 })
  OutboxRows: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 0 })
  OpenCircuits: number | null;

  @ApiProperty({ type: [QueueDepthStats], nullable: true })
  Queues: QueueDepthStats[] | null;
}

/** What reached each target over a window, and the pipeline's state. @publicApi */
export class DeliveryStats {
  @ApiProperty({ enum: STATS_WINDOW_NAMES, example: 'Hour' })
  Window: StatsWindowName;

  @ApiProperty({ format: 'date-time', example: '2026-12-05T20:38:00.000Z' })
  From: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-05T21:38:00.000Z' })
  To: string;

  @ApiProperty({ example: 60 })
  BucketSeconds: number;

  @ApiProperty({ type: [DeliveryTargetStats], description: 'Sorted by DeliveryConfigID, then TargetType.' })
  Targets: DeliveryTargetStats[];

  @ApiProperty({ type: PipelineStats })
  Pipeline: PipelineStats;
}
