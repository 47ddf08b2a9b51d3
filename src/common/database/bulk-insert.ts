import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts rows of an entity with one multi-row INSERT, built with the driver's own parameter and
 * value conversions. The same insert through TypeORM's query builder spends about 100 µs per row
 * naming, escaping and substituting its parameters (measured on the delivery log), more than the
 * database spends storing it; this is for the hot paths that insert many rows often.
 */
export async function bulkInsert<Entity extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<Entity>,
  rows: Entity[],
): Promise<void> {
  if (rows.length === 0) return;
  const { driver } = dataSource;
  const metadata = dataSource.getMetadata(target);
  const columns = metadata.columns.filter((column) => column.isInsert);
  const table = metadata.tablePath
    .split('.')
    .map((part) => driver.escape(part))
    .join('.');
  const parameters: unknown[] = [];
  const values = rows.map((row) => {
    const placeholders = columns.map((column) => {
      parameters.push(driver.preparePersistentValue(column.getEntityValue(row), column));
      return driver.createParameter(`p${parameters.length - 1}`, parameters.length - 1);
    });
    return `(${placeholders.join(', ')})`;
  });
  const columnList = columns.map((column) => driver.escape(column.databaseName)).join(', ');
  await dataSource.query(`INSERT INTO ${table} (${columnList}) VALUES ${values.join(', ')}`, parameters);
}
