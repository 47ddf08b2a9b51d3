import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import type { DatabaseConfig } from '../../sample-app/config/sample-config';
import { databaseOptions } from '../../sample-app/database/database-options';
import { TRACKING_EVENTS_ENTITIES, TRACKING_EVENTS_MIGRATIONS } from '../../src';

/** A database of the test's own, dropped afterwards. */
export interface TestDatabaseInstance {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabaseInstance>;
}

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A SQLite file of the test's own: suites that need no second database run on it alone. */
export const SQLITE: TestDatabase = {
  name: 'sqlite',
  async create() {
    const directory = mkdtempSync(join(tmpdir(), 'tracking-events-test-'));
    return {
      config: { type: 'sqlite', path: join(directory, 'test.sqlite') },
      drop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  },
};

const postgres: TestDatabase = {
  name: 'postgres',
  async create() {
    // Each test gets its own schema in the shared database, so that tests never see each other's rows.
    const schema = `te_test_${randomBytes(6).toString('hex')}`;
    await withPostgres((client) => client.query(`CREATE SCHEMA "${schema}"`));
    return {
      config: { type: 'postgres', url: POSTGRES_URL, schema },
      drop: () => withPostgres((client) => client.query(`DROP SCHEMA "${schema}" CASCADE`)).then(() => undefined),
    };
  },
};

async function withPostgres<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The databases the e2e tests run against: both, unless TEST_DATABASES names fewer. */
export const TEST_DATABASES: TestDatabase[] = (process.env.TEST_DATABASES ?? 'sqlite,postgres')
  .split(',')
  .map((name) => name.trim())
  .map((name) => {
    const database = [SQLITE, postgres].find((candidate) => candidate.name === name);
    if (!database) throw new Error(`TEST_DATABASES names an unknown database "${name}"; use sqlite and/or postgres.`);
    return database;
  });

/** A connection to a test database with the library's tables, migrated as a host's would be. */
export function migratedLibraryDataSource(config: DatabaseConfig): Promise<DataSource> {
  return new DataSource({
    ...(databaseOptions(config) as object),
    entities: TRACKING_EVENTS_ENTITIES,
    migrations: TRACKING_EVENTS_MIGRATIONS,
    migrationsRun: true,
  } as never).initialize();
}
