import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeliveryAttemptOutcome, TrackingMessage } from '../../messages';

/**
 * A delivery that failed for good: retries exhausted, or an answer no retry changes. It keeps the
 * message and every attempt, until it is replayed successfully or deleted.
 * @publicApi
 */
@Entity({ name: 'oc_dead_letters' })
export class DeadLetterEntity {
  /** The delivery ID: the job ID, and the idempotency key (`webhook-id`) a replay keeps. */
  @PrimaryColumn({ name: 'delivery_id', type: 'varchar', length: 250, primaryKeyConstraintName: 'PK_oc_dead_letters' })
  deliveryId: string;

  @Column({ name: 'event_id', type: 'varchar', length: 100 })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: string;

  @Column({ name: 'order_id', type: 'varchar', length: 100, nullable: true })
  orderId: string | null;

  @Column({ name: 'tracking_event_id', type: 'varchar', length: 100 })
  trackingEventId: string;

  @Index('IDX_oc_dead_letters_delivery_config_id')
  @Column({ name: 'delivery_config_id', type: 'varchar', length: 100 })
  deliveryConfigId: string;

  @Column({ name: 'target_type', type: 'varchar', length: 50 })
  targetType: string;

  @Column({ type: 'simple-json' })
  message: TrackingMessage;

  @Column({ type: 'simple-json' })
  attempts: DeliveryAttemptOutcome[];

  @Column({ name: 'last_error', type: 'varchar', length: 1000 })
  lastError: string;

  @Index('IDX_oc_dead_letters_failed_at')
  @Column({ name: 'failed_at', type: Date })
  failedAt: Date;

  /** When it was last handed back to its queue; cleared if that delivery fails again. */
  @Column({ name: 'replayed_at', type: Date, nullable: true })
  replayedAt: Date | null;
}
