import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CapturedEvent } from '../../messages/captured-event';

/**
 * A captured event waiting in the host's database for Redis: written when Redis could not take it at
 * capture time, or inside the host's own transaction. The relay moves it to the capture stream.
 * @publicApi
 */
@Entity({ name: 'oc_event_outbox' })
export class OutboxEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_oc_event_outbox' })
  eventId: string;

  @Column({ type: 'simple-json' })
  event: CapturedEvent;

  @Index('IDX_oc_event_outbox_created_at')
  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
