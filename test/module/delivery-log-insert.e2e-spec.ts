import { fc } from '@fast-check/jest';
import { DataSource } from 'typeorm';
import { DeliveryAttemptEntity } from '../../src/operations/delivery-log/delivery-attempt.entity';
import { DeliveryAttemptInsert } from '../../src/operations/delivery-log/delivery-attempt-insert';
import { migratedLibraryDataSource, TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';

// Text as hostile as a message can carry, but no NUL: PostgreSQL refuses it in text whatever the statement.
const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength }).filter((value) => !value.includes('\u0000'));
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const date = fc.date({ min: new Date('1970-01-02T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true });

const attemptFields = fc.record({
  deliveryId: text(250),
  eventId: text(100),
  eventType: text(32),
  orderId: nullable(text(100)),
  userId: nullable(text(100)),
  anonymousId: nullable(text(100)),
  trackingEventId: text(100),
  deliveryConfigId: text(100),
  targetType: text(50),
  attempt: int32,
  outcome: fc.constantFrom('Delivered', 'Skipped', 'Failed', 'Retrying', 'Paused' as const),
  httpStatus: nullable(int32),
  durationMs: int32,
  detail: nullable(text(500)),
  occurredAt: nullable(date),
  latencyMs: nullable(int32),
  jobId: nullable(text(250)),
  attemptedAt: date,
});

/** A batch of delivery log rows, as the writer hands them over at once. */
const attemptBatches = fc.array(attemptFields, { minLength: 1, maxLength: 120 });

/** The batch's rows with ids in their order, after a prefix that tells one insert's rows from another's. */
function attemptRows(fields: Array<Omit<DeliveryAttemptEntity, 'id'>>, prefix = ''): DeliveryAttemptEntity[] {
  return fields.map((row, index) => ({ ...row, id: `${prefix}${String(index).padStart(4, '0')}` }));
}

describe.each(TEST_DATABASES)('The delivery log insert ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let dataSource: DataSource;

  beforeAll(async () => {
    instance = await database.create();
    dataSource = await migratedLibraryDataSource(instance.config);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await instance.drop();
  });

  it('stores every row exactly as TypeORM’s query builder stores it', async () => {
    const insert = new DeliveryAttemptInsert(dataSource);
    const attempts = dataSource.getRepository(DeliveryAttemptEntity);
    // The columns as the database holds them, not as entities: what each insert stored.
    const storedRows = async (prefix: string) =>
      (
        (await attempts
          .createQueryBuilder('attempt')
          .select('*')
          .where('attempt.id LIKE :pattern', { pattern: `${prefix}%` })
          .orderBy('attempt.id')
          .getRawMany()) as Array<{ id: string }>
      ).map(({ id, ...row }) => ({ ...row, id: id.slice(prefix.length) }));

    await fc.assert(
      fc.asyncProperty(attemptBatches, async (fields) => {
        await attempts.clear();
        await insert.run(attemptRows(fields, 'plain-'));
        await dataSource
          .createQueryBuilder()
          .insert()
          .into(DeliveryAttemptEntity)
          .values(attemptRows(fields, 'built-'))
          .updateEntity(false)
          .execute();

        const plain = await storedRows('plain-');
        expect(plain).toHaveLength(fields.length);
        expect(plain).toEqual(await storedRows('built-'));
      }),
      { numRuns: 25 },
    );
  });
});

describe('The delivery log insert on a database it has no plain statement for (sql.js)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    // A database outside the PostgreSQL and SQLite drivers: the insert goes through TypeORM's query builder.
    dataSource = await new DataSource({ type: 'sqljs', entities: [DeliveryAttemptEntity], synchronize: true }).initialize();
  });

  afterAll(() => dataSource?.destroy());

  it('stores the rows it is given', async () => {
    const insert = new DeliveryAttemptInsert(dataSource);
    const attempts = dataSource.getRepository(DeliveryAttemptEntity);
    await fc.assert(
      fc.asyncProperty(attemptBatches, async (fields) => {
        const rows = attemptRows(fields);
        await attempts.clear();
        await insert.run(rows);
        expect(await attempts.find({ order: { id: 'ASC' } })).toEqual(rows);
      }),
      { numRuns: 25 },
    );
  });
});
