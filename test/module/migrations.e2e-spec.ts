import { DataSource } from 'typeorm';
import { DatabaseConfig } from '../../sample-app/config/sample-config';
import { databaseOptions } from '../../sample-app/database/database-options';
import { TRACKING_EVENTS_ENTITIES, TRACKING_EVENTS_MIGRATIONS } from '../../src';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';

function dataSourceFor(config: DatabaseConfig, withSampleTables: boolean): DataSource {
  const options = databaseOptions(config);
  return new DataSource({
    ...(options as object),
    entities: withSampleTables ? (options.entities as never) : TRACKING_EVENTS_ENTITIES,
    migrations: withSampleTables ? (options.migrations as never) : TRACKING_EVENTS_MIGRATIONS,
    migrationsRun: false,
  } as never);
}

describe.each(TEST_DATABASES)('Migrations ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let dataSource: DataSource | undefined;

  beforeEach(async () => {
    instance = await database.create();
  });

  afterEach(async () => {
    await dataSource?.destroy();
    dataSource = undefined;
    await instance.drop();
  });

  it('create exactly the schema the library entities describe', async () => {
    dataSource = await dataSourceFor(instance.config, false).initialize();
    const applied = await dataSource.runMigrations();
    expect(applied.map((migration) => migration.name)).toEqual([
      'CreateTrackingEventsTables1764201600000',
      'CreateIdentityLinks1764288000000',
      'CreateReliabilityTables1764374400000',
      'AddDeliveryAttemptContext1764460800000',
    ]);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('create exactly the schema of the sample app together with the library', async () => {
    dataSource = await dataSourceFor(instance.config, true).initialize();
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('revert cleanly and apply again', async () => {
    dataSource = await dataSourceFor(instance.config, false).initialize();
    await dataSource.runMigrations();
    const tableNames = async () => {
      const runner = dataSource!.createQueryRunner();
      try {
        return (await runner.getTables(['oc_tracking_events', 'oc_delivery_configs', 'oc_identity_links']))
          .map((table) => table.name.split('.').pop())
          .sort();
      } finally {
        await runner.release();
      }
    };
    expect(await tableNames()).toEqual(['oc_delivery_configs', 'oc_identity_links', 'oc_tracking_events']);
    await dataSource.undoLastMigration();
    await dataSource.undoLastMigration();
    expect(await tableNames()).toEqual(['oc_delivery_configs', 'oc_identity_links', 'oc_tracking_events']);
    await dataSource.undoLastMigration();
    expect(await tableNames()).toEqual(['oc_delivery_configs', 'oc_tracking_events']);
    await dataSource.undoLastMigration();
    expect(await tableNames()).toEqual([]);
    expect(await dataSource.runMigrations()).toHaveLength(4);
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
