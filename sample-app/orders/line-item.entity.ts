import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProductEntity } from '../catalog/product.entity';
import { OrderEntity } from './order.entity';

/** A line of an order. Its ID is unique within its order, as in OrderCloud. */
@Entity({ name: 'sample_line_items' })
export class LineItemEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_sample_line_items' })
  orderId: string;

  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_sample_line_items' })
  id: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE', onUpdate: 'NO ACTION', nullable: false })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'FK_sample_line_items_order' })
  order?: OrderEntity;

  @Column({ name: 'product_id', type: 'varchar', length: 100 })
  productId: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION', nullable: false })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'FK_sample_line_items_product' })
  product?: ProductEntity;

  @Column({ type: 'integer' })
  quantity: number;

  /** The product's price in cents when the line was added. */
  @Column({ name: 'unit_price_cents', type: 'integer' })
  unitPriceCents: number;

  @Column({ name: 'date_added', type: Date })
  dateAdded: Date;
}
