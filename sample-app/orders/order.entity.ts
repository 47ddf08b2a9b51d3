import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** OrderCloud order statuses the sample shop uses: a cart is `Unsubmitted`, a submitted order `Open`. */
export type OrderStatus = 'Unsubmitted' | 'Open';

/**
 * An order of a buyer user or an anonymous shopper. Its totals are not stored: they are summed from
 * its line items whenever the order is read, so they can never fall out of step with them.
 */
@Entity({ name: 'sample_orders' })
@Unique('UQ_sample_orders_cart_owner_id', ['cartOwnerId'])
export class OrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_sample_orders' })
  id: string;

  /** The buyer user who placed the order; null for an anonymous shopper's order. */
  @Column({ name: 'from_user_id', type: 'varchar', length: 100, nullable: true })
  fromUserId: string | null;

  /** The anonymous shopper who placed the order (the `anonuserid` of their token). */
  @Column({ name: 'anonymous_id', type: 'varchar', length: 100, nullable: true })
  anonymousId: string | null;

  /**
   * The buyer user whose cart this order is, cleared on submit. Being unique, it lets concurrent
   * first requests of a user create one cart between them.
   */
  @Column({ name: 'cart_owner_id', type: 'varchar', length: 100, nullable: true })
  cartOwnerId: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: OrderStatus;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ name: 'date_created', type: Date })
  dateCreated: Date;

  @Column({ name: 'date_submitted', type: Date, nullable: true })
  dateSubmitted: Date | null;

  @Column({ name: 'last_updated', type: Date })
  lastUpdated: Date;
}
