import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Provider } from '@nestjs/common';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TRACKING_EVENTS_ENTITIES, TRACKING_EVENTS_MIGRATIONS } from '../../src';
import type { DatabaseConfig } from '../config/sample-config';
import { SAMPLE_ENTITIES } from './sample-entities';
import { SAMPLE_MIGRATIONS } from './migrations';
import { SqliteCheckpointer } from './sqlite-checkpointer';

/** TypeORM options of the sample app: its own tables and the library's, created by migrations. */
export function databaseOptions(database: DatabaseConfig): TypeOrmModuleOptions {
  const shared = {
    entities: [...TRACKING_EVENTS_ENTITIES, ...SAMPLE_ENTITIES],
    migrations: [...TRACKING_EVENTS_MIGRATIONS, ...SAMPLE_MIGRATIONS],
    migrationsRun: true,
    synchronize: false,
  };
  if (database.type === 'postgres') {
    return { type: 'postgres', url: database.url, schema: database.schema, ...shared };
  }
  if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: database.path !== ':memory:',
    // With WAL, NORMAL still never corrupts the file; it skips the fsync per commit that would otherwise
    // bound the sample shop to a few hundred writes a second.
    prepareDatabase: (connection: { pragma(source: string): unknown }) => {
      connection.pragma('synchronous = NORMAL');
    },
    ...shared,
  };
}

/** A SQLite file's log is checkpointed off the event loop (SqliteCheckpointer); an in-memory database has no log. */
export function databaseProviders(database: DatabaseConfig): Provider[] {
  if (database.type !== 'sqlite' || database.path === ':memory:') return [];
  const { path } = database;
  return [
    {
      provide: SqliteCheckpointer,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new SqliteCheckpointer(dataSource, { path }),
    },
  ];
}
