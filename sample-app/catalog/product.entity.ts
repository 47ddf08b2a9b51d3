import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A product of the sample shop's one catalog, with its one price. */
@Entity({ name: 'sample_products' })
export class ProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_sample_products' })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  /** Price of one unit in cents of the shop currency: whole cents keep every sum exact. */
  @Column({ name: 'price_cents', type: 'integer' })
  priceCents: number;

  /** Inactive products are neither listed nor sold. */
  @Column({ type: 'boolean' })
  active: boolean;
}
