import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Target configurations keyed by target type (`Http`, `SendEvent`, ...), secrets included. */
export type StoredDeliveryTargets = Record<string, Record<string, unknown>>;

/**
 * A DeliveryConfig: where the messages of the TrackingEvents that reference it are delivered.
 * @publicApi
 */
@Entity({ name: 'oc_delivery_configs' })
export class DeliveryConfigEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_oc_delivery_configs' })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Stored as JSON text so that the same schema serves PostgreSQL and SQLite. */
  @Column({ name: 'delivery_targets', type: 'simple-json' })
  deliveryTargets: StoredDeliveryTargets;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
