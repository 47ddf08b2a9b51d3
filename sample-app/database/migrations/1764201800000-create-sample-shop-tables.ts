import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/** The sample shop's catalog, orders and line items, and the users' locale. */
export class CreateSampleShopTables1764201800000 implements MigrationInterface {
  name = 'CreateSampleShopTables1764201800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The date type the entities' `type: Date` columns get: `timestamp` on PostgreSQL, `datetime` on SQLite.
    const dateType = queryRunner.connection.driver.normalizeType({ type: Date });
    await queryRunner.addColumn('sample_users', new TableColumn({ name: 'locale', type: 'varchar', length: '20', isNullable: true }));
    await queryRunner.createTable(
      new Table({
        name: 'sample_products',
        columns: [
          { name: 'id', type: 'varchar', length: '100', isPrimary: true, primaryKeyConstraintName: 'PK_sample_products' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'description', type: 'varchar', length: '2000', isNullable: true },
          { name: 'price_cents', type: 'integer' },
          { name: 'active', type: 'boolean' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sample_orders',
        columns: [
          { name: 'id', type: 'varchar', length: '100', isPrimary: true, primaryKeyConstraintName: 'PK_sample_orders' },
          { name: 'from_user_id', type: 'varchar', length: '100', isNullable: true },
          { name: 'anonymous_id', type: 'varchar', length: '100', isNullable: true },
          { name: 'cart_owner_id', type: 'varchar', length: '100', isNullable: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'currency', type: 'varchar', length: '3' },
          { name: 'date_created', type: dateType },
          { name: 'date_submitted', type: dateType, isNullable: true },
          { name: 'last_updated', type: dateType },
        ],
        uniques: [{ name: 'UQ_sample_orders_cart_owner_id', columnNames: ['cart_owner_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sample_line_items',
        columns: [
          { name: 'order_id', type: 'varchar', length: '100', isPrimary: true, primaryKeyConstraintName: 'PK_sample_line_items' },
          { name: 'id', type: 'varchar', length: '100', isPrimary: true, primaryKeyConstraintName: 'PK_sample_line_items' },
          { name: 'product_id', type: 'varchar', length: '100' },
          { name: 'quantity', type: 'integer' },
          { name: 'unit_price_cents', type: 'integer' },
          { name: 'date_added', type: dateType },
        ],
        foreignKeys: [
          {
            name: 'FK_sample_line_items_order',
            columnNames: ['order_id'],
            referencedTableName: 'sample_orders',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'FK_sample_line_items_product',
            columnNames: ['product_id'],
            referencedTableName: 'sample_products',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sample_line_items');
    await queryRunner.dropTable('sample_orders');
    await queryRunner.dropTable('sample_products');
    await queryRunner.dropColumn('sample_users', 'locale');
  }
}
