import type { DataSource } from 'typeorm';
import { migratedSqliteDataSource } from '../../migrations/sqlite-data-source.fixtures';
import { DeliveryAttemptEntity } from '../../operations/delivery-log/delivery-attempt.entity';
import { deliveryAttemptRow } from '../../operations/delivery-log/delivery-attempt.fixtures';
import type { PipelineReadings } from '../../operations/pipeline-readings/pipeline-readings';
import { DeliveryStatsService } from './delivery-stats.service';

describe('DeliveryStatsService', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await migratedSqliteDataSource();
    await dataSource.getRepository(DeliveryAttemptEntity).insert(deliveryAttemptRow({ deliveryConfigId: 'receiver', targetType: 'Http' }));
  });

  afterEach(() => dataSource.destroy());

  const readings = (circuits: () => Promise<unknown[]>) =>
    ({
      captureLagMs: async () => 5,
      outboxRows: async () => 0,
      queueDepths: async () => [],
      circuits,
    }) as unknown as PipelineReadings;

  it("says a target's circuit is unknown, not closed, when the circuits cannot be read", async () => {
    const stats = await new DeliveryStatsService(
      dataSource,
      readings(() => Promise.reject(new Error('Redis is away'))),
    ).stats('Hour');
    expect(stats.Targets).toHaveLength(1);
    expect(stats.Targets[0]).toMatchObject({ Delivered: 1, Circuit: { State: 'Unknown', OpenedAt: null, RetryAt: null } });
    expect(stats.Pipeline).toEqual({ CaptureLagMs: 5, OutboxRows: 0, OpenCircuits: null, Queues: [] });
  });

  it('says it is closed when the circuits were read and none is open for it', async () => {
    const stats = await new DeliveryStatsService(
      dataSource,
      readings(async () => []),
    ).stats('Hour');
    expect(stats.Targets[0].Circuit).toEqual({ State: 'Closed', OpenedAt: null, RetryAt: null });
    expect(stats.Pipeline.OpenCircuits).toBe(0);
  });
});
