import type { DataSource, EntityMetadata } from 'typeorm';
import { fitToColumn, fitToColumns } from '../../common/database';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';

type ColumnMetadata = EntityMetadata['columns'][number];

/**
 * Databases where a plain multi-row `VALUES` list, with the driver's own placeholders and its own
 * conversion of each value, is exactly what TypeORM's query builder sends for this entity's columns.
 */
const PLAIN_INSERT_DATABASES = new Set<string>(['postgres', 'better-sqlite3', 'sqlite']);

/**
 * Inserts delivery log rows, many per statement. On PostgreSQL and SQLite the statement's SQL is made
 * once per row count and run with `DataSource.query`, its values converted by the driver as the query
 * builder converts them: the query builder renames and substitutes every parameter of every insert,
 * and on this path that work cost more CPU than the delivery it records (docs/performance.md). Other
 * databases go through the query builder.
 */
export class DeliveryAttemptInsert {
  private readonly metadata: EntityMetadata;
  private readonly columns: ColumnMetadata[];
  /** `INSERT INTO <table> (<columns>) VALUES`, quoted by the driver. */
  private readonly head: string;
  private readonly sqlByRowCount = new Map<number, string>();
  private readonly plain: boolean;

  constructor(private readonly dataSource: DataSource) {
    const { driver } = dataSource;
    const metadata = (this.metadata = dataSource.getMetadata(DeliveryAttemptEntity));
    this.columns = metadata.columns.filter((column) => column.isInsert);
    const table = metadata.tablePath
      .split('.')
      .map((part) => driver.escape(part))
      .join('.');
    this.head = `INSERT INTO ${table} (${this.columns.map((column) => driver.escape(column.databaseName)).join(', ')}) VALUES`;
    this.plain = PLAIN_INSERT_DATABASES.has(dataSource.options.type);
  }

  /** Each value fitted to its column (`fitToColumn`): one row's odd ID must not keep the log from being written. */
  async run(rows: DeliveryAttemptEntity[]): Promise<void> {
    if (!this.plain) {
      const fitted = rows.map((row) => fitToColumns(this.metadata, row));
      await this.dataSource.createQueryBuilder().insert().into(DeliveryAttemptEntity).values(fitted).updateEntity(false).execute();
      return;
    }
    const { driver } = this.dataSource;
    const parameters: unknown[] = [];
    for (const row of rows) {
      for (const column of this.columns) {
        parameters.push(driver.preparePersistentValue(fitToColumn(column.getEntityValue(row), column), column) ?? null);
      }
    }
    await this.dataSource.query(this.sql(rows.length), parameters);
  }

  private sql(rowCount: number): string {
    let sql = this.sqlByRowCount.get(rowCount);
    if (sql === undefined) {
      const { driver } = this.dataSource;
      const width = this.columns.length;
      const tuples = Array.from(
        { length: rowCount },
        (_, row) =>
          `(${this.columns.map((_column, index) => driver.createParameter(`p${row * width + index}`, row * width + index)).join(', ')})`,
      );
      sql = `${this.head} ${tuples.join(', ')}`;
      this.sqlByRowCount.set(rowCount, sql);
    }
    return sql;
  }
}
