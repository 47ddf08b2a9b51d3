import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { v7 as timeOrderedUuid } from 'uuid';
import { SqliteWriterThread } from '../../common/database';
import { migratedSqliteDataSource } from '../../migrations/sqlite-data-source.fixtures';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryLogWriter, insertSizes } from './delivery-log.writer';

describe('DeliveryLogWriter', () => {
  let dataSource: DataSource;
  let writer: DeliveryLogWriter;
  let inserts: () => number;

  beforeEach(async () => {
    dataSource = await migratedSqliteDataSource();
    writer = new DeliveryLogWriter(dataSource, {} as never);
    inserts = countLogInsertsOnTheEventLoop(dataSource);
  });

  afterEach(async () => {
    await dataSource.destroy();
  });

  const rows = () => dataSource.getRepository(DeliveryAttemptEntity).count();
  const recordAttempts = (count: number) => {
    for (let n = 0; n < count; n++) writer.record(attempt(n));
  };

  it('writes every hundred entries at once, in one insert each, and the rest when flushed', async () => {
    recordAttempts(250);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect({ rows: await rows(), inserts: inserts() }).toEqual({ rows: 200, inserts: 2 });

    await writer.flush();
    // 50 rows: inserts of 32, 16 and 2.
    expect({ rows: await rows(), inserts: inserts() }).toEqual({ rows: 250, inserts: 5 });
  });

  it('keeps the entries it could not write for the next flush', async () => {
    await dataSource.query('ALTER TABLE "oc_delivery_attempts" RENAME TO "unavailable"');
    recordAttempts(30);
    await writer.flush();

    await dataSource.query('ALTER TABLE "unavailable" RENAME TO "oc_delivery_attempts"');
    await writer.flush();
    expect(await rows()).toBe(30);
  });

  it('writes what is buffered before the application shuts down', async () => {
    recordAttempts(120);
    await writer.beforeApplicationShutdown();
    expect(await rows()).toBe(120);
  });
});

describe('DeliveryLogWriter on a SQLite file in WAL mode', () => {
  let directory: string;
  let dataSource: DataSource;
  let writer: DeliveryLogWriter;
  let insertsOnTheEventLoop: () => number;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'delivery-log-'));
    dataSource = await migratedSqliteDataSource({ path: join(directory, 'log.sqlite'), enableWAL: true });
    writer = new DeliveryLogWriter(dataSource, {} as never);
    insertsOnTheEventLoop = countLogInsertsOnTheEventLoop(dataSource);
  });

  afterEach(async () => {
    await writer.beforeApplicationShutdown();
    await dataSource.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  const rows = () => dataSource.getRepository(DeliveryAttemptEntity).find({ order: { id: 'ASC' } });

  it('writes on its writer thread, the values the event loop would have written', async () => {
    const entries = Array.from({ length: 1_250 }, (_, n) => attempt(n));
    entries.forEach((entry) => writer.record(entry));
    await writer.flush();

    const written = await rows();
    expect(written).toHaveLength(1_250);
    expect(written[1_249]).toEqual(entries[1_249]);
    expect(insertsOnTheEventLoop()).toBe(0);
  });

  it('writes full inserts as entries come, and leaves the rest for the flush', async () => {
    for (let n = 0; n < 250; n++) writer.record(attempt(n));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await rows()).toHaveLength(200);

    await writer.flush();
    expect(await rows()).toHaveLength(250);
  });

  it('keeps the entries its thread could not write for the next flush', async () => {
    await dataSource.query('ALTER TABLE "oc_delivery_attempts" RENAME TO "unavailable"');
    for (let n = 0; n < 150; n++) writer.record(attempt(n));
    await writer.flush();

    await dataSource.query('ALTER TABLE "unavailable" RENAME TO "oc_delivery_attempts"');
    await writer.flush();
    expect(await rows()).toHaveLength(150);
    expect(insertsOnTheEventLoop()).toBe(0);
  });

  it('opens a new thread when its thread has stopped, and loses no entry', async () => {
    const open = SqliteWriterThread.open.bind(SqliteWriterThread);
    const opened: SqliteWriterThread[] = [];
    jest.spyOn(SqliteWriterThread, 'open').mockImplementation(async (source) => {
      const thread = (await open(source))!;
      opened.push(thread);
      return thread;
    });
    for (let n = 0; n < 150; n++) writer.record(attempt(n));
    await writer.flush();
    await opened[0].close();

    for (let n = 150; n < 300; n++) writer.record(attempt(n));
    await writer.flush();
    await writer.flush();
    expect(await rows()).toHaveLength(300);
    expect(opened).toHaveLength(2);
  });

  it('writes what is buffered, then stops its thread, when the application shuts down', async () => {
    for (let n = 0; n < 120; n++) writer.record(attempt(n));
    await writer.beforeApplicationShutdown();
    expect(await rows()).toHaveLength(120);
  });
});

describe('insertSizes', () => {
  it('makes full inserts, then powers of two', () => {
    expect(insertSizes(0)).toEqual([]);
    expect(insertSizes(100)).toEqual([100]);
    expect(insertSizes(99)).toEqual([64, 32, 2, 1]);
    expect(insertSizes(250)).toEqual([100, 100, 32, 16, 2]);
  });

  it('writes any number of rows with statements of eight sizes at most', () => {
    const seen = new Set<number>();
    for (let rows = 1; rows <= 1_000; rows++) {
      const sizes = insertSizes(rows);
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(rows);
      sizes.forEach((size) => seen.add(size));
    }
    expect([...seen].sort((a, b) => b - a)).toEqual([100, 64, 32, 16, 8, 4, 2, 1]);
  });
});

/** Counts the delivery-log inserts made through the data source, on the event loop. */
function countLogInsertsOnTheEventLoop(dataSource: DataSource): () => number {
  let inserts = 0;
  const query = dataSource.query.bind(dataSource);
  jest.spyOn(dataSource, 'query').mockImplementation((...args: Parameters<DataSource['query']>) => {
    if (args[0].startsWith('INSERT INTO "oc_delivery_attempts"')) inserts++;
    return query(...args);
  });
  return () => inserts;
}

function attempt(n: number): DeliveryAttemptEntity {
  return {
    id: timeOrderedUuid(),
    deliveryId: `delivery-${n}`,
    eventId: `event-${n}`,
    eventType: 'LineItemAdded',
    orderId: 'order-1',
    userId: null,
    trackingEventId: 'tracked-adds',
    deliveryConfigId: 'config-1',
    targetType: 'Http',
    attempt: 1,
    outcome: 'Delivered',
    httpStatus: 200,
    durationMs: 3,
    detail: null,
    attemptedAt: new Date(),
  };
}
