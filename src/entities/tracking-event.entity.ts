import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { DeliveryConfigEntity } from './delivery-config.entity';

/** Names of the constraints the admin API turns into OrderCloud errors when a write races another. */
export const TRACKING_EVENT_CONSTRAINTS = {
  primaryKey: 'PK_oc_tracking_events',
  clientEventTypeUnique: 'UQ_oc_tracking_events_client_event_type',
  deliveryConfigForeignKey: 'FK_oc_tracking_events_delivery_config',
} as const;

/**
 * A TrackingEvent: "deliver this API client's events of this type through this DeliveryConfig".
 * @publicApi
 */
@Entity({ name: 'oc_tracking_events' })
@Unique(TRACKING_EVENT_CONSTRAINTS.clientEventTypeUnique, ['clientId', 'eventType'])
export class TrackingEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: TRACKING_EVENT_CONSTRAINTS.primaryKey })
  id: string;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: string;

  @Column({ name: 'client_id', type: 'varchar', length: 100 })
  clientId: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** Any JSON the admin stored with the event (e.g. a product URL template). */
  @Column({ name: 'config_data', type: 'simple-json', nullable: true })
  configData: unknown;

  @Index('IDX_oc_tracking_events_delivery_config_id')
  @Column({ name: 'delivery_config_id', type: 'varchar', length: 100 })
  deliveryConfigId: string;

  // RESTRICT keeps a referenced DeliveryConfig from being deleted even by a write that races the
  // in-use check; CASCADE follows a DeliveryConfig whose ID is changed by a PATCH.
  @ManyToOne(() => DeliveryConfigEntity, { onDelete: 'RESTRICT', onUpdate: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'delivery_config_id', foreignKeyConstraintName: TRACKING_EVENT_CONSTRAINTS.deliveryConfigForeignKey })
  deliveryConfig?: DeliveryConfigEntity;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
