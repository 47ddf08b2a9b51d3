import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** How an attempt ended. @publicApi */
export const ATTEMPT_OUTCOMES = ['Delivered', 'Skipped', 'Failed', 'Retrying', 'Paused'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * One delivery attempt, for the support question "did order X reach Discover, and when?". Kept for
 * the delivery log's retention window.
 * @publicApi
 */
@Entity({ name: 'oc_delivery_attempts' })
@Index('IDX_oc_delivery_attempts_order_id', ['orderId'])
@Index('IDX_oc_delivery_attempts_event_id', ['eventId'])
@Index('IDX_oc_delivery_attempts_anonymous_id', ['anonymousId'])
export class DeliveryAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, primaryKeyConstraintName: 'PK_oc_delivery_attempts' })
  id: string;

  @Column({ name: 'delivery_id', type: 'varchar', length: 250 })
  deliveryId: string;

  @Column({ name: 'event_id', type: 'varchar', length: 100 })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: string;

  @Column({ name: 'order_id', type: 'varchar', length: 100, nullable: true })
  orderId: string | null;

  @Column({ name: 'user_id', type: 'varchar', length: 100, nullable: true })
  userId: string | null;

  /** The anonymous shopper's ID (the browser beacon ID), when the event has one. */
  @Column({ name: 'anonymous_id', type: 'varchar', length: 100, nullable: true })
  anonymousId: string | null;

  @Column({ name: 'tracking_event_id', type: 'varchar', length: 100 })
  trackingEventId: string;

  @Column({ name: 'delivery_config_id', type: 'varchar', length: 100 })
  deliveryConfigId: string;

  @Column({ name: 'target_type', type: 'varchar', length: 50 })
  targetType: string;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'varchar', length: 16 })
  outcome: AttemptOutcome;

  @Column({ name: 'http_status', type: 'integer', nullable: true })
  httpStatus: number | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  /** The error, or why the delivery was skipped or paused. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  detail: string | null;

  /** When the event occurred (its message's `OccurredAt`). */
  @Column({ name: 'occurred_at', type: Date, nullable: true })
  occurredAt: Date | null;

  /** From the event's `OccurredAt` to the target's acknowledgement, for a delivered attempt. */
  @Column({ name: 'latency_ms', type: 'integer', nullable: true })
  latencyMs: number | null;

  /** The BullMQ job that made the attempt: a batch of first attempts, or the delivery's own job. */
  @Column({ name: 'job_id', type: 'varchar', length: 250, nullable: true })
  jobId: string | null;

  @Index('IDX_oc_delivery_attempts_attempted_at')
  @Column({ name: 'attempted_at', type: Date })
  attemptedAt: Date;
}
