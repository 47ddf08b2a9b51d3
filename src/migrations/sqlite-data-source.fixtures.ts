// For unit specs that need the library's tables: a SQLite database, in memory unless a file is given, migrated as a host's would be.
import { DataSource } from 'typeorm';
import { TRACKING_EVENTS_ENTITIES } from '../entities';
import { TRACKING_EVENTS_MIGRATIONS } from './index';

export function migratedSqliteDataSource(file?: { path: string; enableWAL: boolean }): Promise<DataSource> {
  return new DataSource({
    type: 'better-sqlite3',
    database: file?.path ?? ':memory:',
    enableWAL: file?.enableWAL ?? false,
    entities: TRACKING_EVENTS_ENTITIES,
    migrations: TRACKING_EVENTS_MIGRATIONS,
    migrationsRun: true,
  }).initialize();
}
