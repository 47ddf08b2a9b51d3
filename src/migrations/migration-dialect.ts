import type { QueryRunner } from 'typeorm';
import { UnsupportedDatabaseError } from './unsupported-database.error';

/** The SQL dialects the library's migrations are written for. */
export type MigrationDialect = 'postgres' | 'sqlite';

/** The dialect of the migration's data source, and how to name a table in it. */
export function migrationDialect(queryRunner: QueryRunner): { dialect: MigrationDialect; table: (name: string) => string } {
  const options = queryRunner.connection.options;
  if (options.type === 'postgres') {
    // Qualify with the data source's `schema` option, as TypeORM does for the entities.
    const schema = options.schema;
    return { dialect: 'postgres', table: (name) => (schema ? `"${schema}"."${name}"` : `"${name}"`) };
  }
  if (options.type === 'better-sqlite3') return { dialect: 'sqlite', table: (name) => `"${name}"` };
  throw new UnsupportedDatabaseError(options.type);
}
