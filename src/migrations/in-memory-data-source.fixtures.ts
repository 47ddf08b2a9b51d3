// For unit specs that need the library's tables: a SQLite database in memory, migrated as a host's would be.
import { DataSource } from 'typeorm';
import { TRACKING_EVENTS_ENTITIES } from '../entities';
import { TRACKING_EVENTS_MIGRATIONS } from './index';

export function migratedInMemoryDataSource(): Promise<DataSource> {
  return new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: TRACKING_EVENTS_ENTITIES,
    migrations: TRACKING_EVENTS_MIGRATIONS,
    migrationsRun: true,
  }).initialize();
}
