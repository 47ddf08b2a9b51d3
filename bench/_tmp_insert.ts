import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { DeliveryAttemptEntity } from '../src/operations/delivery-log/delivery-attempt.entity';
import { randomUUID } from 'crypto';
(async () => {
  const ds = new DataSource({ type: 'better-sqlite3', database: '/tmp/prof/x.sqlite', entities: [DeliveryAttemptEntity], synchronize: true });
  await ds.initialize();
  const mk = () => Object.assign(new DeliveryAttemptEntity(), { id: randomUUID(), deliveryId: 'd-' + randomUUID(), eventId: 'e'+randomUUID(), eventType: 'OrderSubmitted', orderId: 'o1', userId: 'u1', trackingEventId: 'te', deliveryConfigId: 'dc', targetType: 'Http', attempt: 1, outcome: 'Delivered', httpStatus: 200, durationMs: 3, detail: null, attemptedAt: new Date() });
  for (let round = 0; round < 3; round++) {
    const rowsN = 20000; const rows = Array.from({ length: rowsN }, mk);
    const t0 = process.cpuUsage();
    for (let i = 0; i < rowsN; i += 100) await ds.createQueryBuilder().insert().into(DeliveryAttemptEntity).values(rows.slice(i, i + 100)).updateEntity(false).execute();
    const u = process.cpuUsage(t0); console.log('typeorm µs/row', ((u.user + u.system) / rowsN).toFixed(1));
  }
  await ds.destroy();
})();
