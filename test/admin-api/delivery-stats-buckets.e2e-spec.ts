import type { DataSource } from 'typeorm';
import { DeliveryAttemptEntity } from '../../src';
import { statsSpan } from '../../src/admin-api/delivery-stats/stats-window';
import { comparedTimeBucketSql, SqlExpression, timeBucketSql } from '../../src/admin-api/delivery-stats/time-bucket-sql';
import { deliveryAttemptRow } from '../../src/operations/delivery-log/delivery-attempt.fixtures';
import { migratedLibraryDataSource, TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';

/** The delivery stats' time buckets in each database: rows on a bucket's edge, and a millisecond either side. */
describe.each(TEST_DATABASES)('Delivery stats time buckets ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let dataSource: DataSource;
  const span = statsSpan('Hour', Date.parse('2026-12-05T21:37:12.345Z'));
  // The first and last instants of the span, bucket edges and the milliseconds either side of them.
  const times = [0, 1, 59_999, 60_000, 60_001, 30 * 60_000 - 1, 30 * 60_000, 59 * 60_000, 3600_000 - 1].map((offset) => span.from + offset);

  beforeAll(async () => {
    instance = await database.create();
    dataSource = await migratedLibraryDataSource(instance.config);
    await dataSource
      .getRepository(DeliveryAttemptEntity)
      .insert(
        times.map((time, index) =>
          deliveryAttemptRow({ deliveryId: `delivery-${index}`, eventId: `event-${index}`, attemptedAt: new Date(time) }),
        ),
      );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await instance?.drop();
  });

  async function bucketsBy(expression: SqlExpression): Promise<number[]> {
    const rows = await dataSource
      .getRepository(DeliveryAttemptEntity)
      .createQueryBuilder('attempt')
      .select(expression.sql, 'bucket')
      .setParameters(expression.parameters)
      .orderBy('attempt.attemptedAt')
      .getRawMany<{ bucket: number }>();
    return rows.map((row) => Number(row.bucket));
  }

  const expected = times.map((time) => Math.floor((time - span.from) / span.bucketMs));

  it("numbers each row's bucket in the database's own arithmetic", async () => {
    expect(await bucketsBy(timeBucketSql(dataSource, 'attempt.attemptedAt', span))).toEqual(expected);
  });

  it('numbers them alike by comparing with the bucket starts, for any other database', async () => {
    expect(await bucketsBy(comparedTimeBucketSql('attempt.attemptedAt', span))).toEqual(expected);
  });
});
