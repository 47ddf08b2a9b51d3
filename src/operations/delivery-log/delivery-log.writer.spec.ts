import type { DataSource } from 'typeorm';
import { inTransaction } from '../../common/database';
import type { TrackingEventsSettings } from '../../options';
import { migratedSqliteDataSource } from '../../migrations/sqlite-data-source.fixtures';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { deliveryAttemptRow } from './delivery-attempt.fixtures';
import { DeliveryLogWriter } from './delivery-log.writer';

describe('DeliveryLogWriter', () => {
  let dataSource: DataSource;
  let writer: DeliveryLogWriter;

  beforeEach(async () => {
    dataSource = await migratedSqliteDataSource();
    writer = new DeliveryLogWriter(dataSource, { deliveryLog: { retentionDays: 14 } } as TrackingEventsSettings);
  });

  afterEach(async () => {
    await dataSource.destroy();
  });

  const rows = () => dataSource.getRepository(DeliveryAttemptEntity).count();
  const recordAttempts = (count: number) => {
    for (let n = 0; n < count; n++) writer.record(attempt(n));
  };

  it('writes every hundred entries at once, and the rest when flushed', async () => {
    recordAttempts(250);
    // The two full batches are written in the background: however long that takes, the 50 left wait for a flush.
    for (let polls = 0; polls < 200 && (await rows()) < 200; polls++) await new Promise((resolve) => setTimeout(resolve, 25));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await rows()).toBe(200);

    await writer.flush();
    expect(await rows()).toBe(250);
  });

  it('writes the values it was given', async () => {
    const entries = Array.from({ length: 130 }, (_, n) => attempt(n));
    entries.forEach((entry) => writer.record(entry));
    await writer.flush();
    const written = await dataSource.getRepository(DeliveryAttemptEntity).find({ order: { id: 'ASC' } });
    expect(written).toEqual(entries);
  });

  it('keeps the entries it could not write for the next flush', async () => {
    await dataSource.query('ALTER TABLE "oc_delivery_attempts" RENAME TO "unavailable"');
    recordAttempts(30);
    await writer.flush();

    await dataSource.query('ALTER TABLE "unavailable" RENAME TO "oc_delivery_attempts"');
    await writer.flush();
    expect(await rows()).toBe(30);
  });

  it("keeps its rows when a host transaction that was open while they were written rolls back (SQLite's one connection)", async () => {
    const rolledBack = inTransaction(dataSource, async (manager) => {
      await manager.query('SELECT 1');
      recordAttempts(30);
      void writer.flush();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('the host request failed');
    });
    await expect(rolledBack).rejects.toThrow('the host request failed');
    await writer.flush();
    expect(await rows()).toBe(30);
  });

  it('writes what is buffered before the application shuts down', async () => {
    recordAttempts(120);
    await writer.beforeApplicationShutdown();
    expect(await rows()).toBe(120);
  });
});

function attempt(n: number): DeliveryAttemptEntity {
  return deliveryAttemptRow({
    deliveryId: `delivery-${n}`,
    eventId: `event-${n}`,
    orderId: 'order-1',
    anonymousId: 'beacon-1',
    durationMs: 3,
    occurredAt: new Date(Date.now() - 40),
    latencyMs: 40,
    jobId: 'batch-1',
  });
}
