import { DataSource } from 'typeorm';
import {
  DeadLetterEntity,
  DeliveryAttemptEntity,
  DeliveryConfigsService,
  IdentityStitcher,
  InvalidIdentityError,
  TrackingEventPublisher,
  TrackingEventsService,
  UserErasureService,
} from '../../src';
import { DeliveryLogWriter } from '../../src/operations/delivery-log/delivery-log.writer';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const LINE = { ID: 'l1', ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 };

/**
 * IDs a host passes on from a shopper's browser or from its own data, that its database could not store as
 * they are: the NUL character (PostgreSQL's text refuses it) and values longer than the library's columns.
 * Every event is still delivered, and the library's records of them (delivery log, dead letters) are kept,
 * alongside those of the well-formed events, instead of the database refusing them all.
 */
describe.each(TEST_DATABASES)('Hostile identifiers in captured events ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let receiver: LoopbackReceiver;
  let host: TestHost;
  const queuePrefix = uniqueQueuePrefix();

  beforeAll(async () => {
    instance = await database.create();
    receiver = await startLoopbackReceiver();
    host = await startTestHost(instance, { queuePrefix, delivery: { attempts: 1, timeoutMs: 2000 } });
    await host.app
      .get(DeliveryConfigsService)
      .create({ ID: 'hook', Name: 'Hook', DeliveryTargets: { Http: { Endpoint: `${receiver.origin}/in`, Secret: 's' } } });
    await host.app
      .get(TrackingEventsService)
      .create({ ID: 'adds', EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'hook' });
  });

  afterAll(async () => {
    await host?.close();
    await receiver?.close();
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it('delivers them, logs every attempt and keeps every dead letter, with the values fitted to the columns', async () => {
    // Refused for good, so that each delivery leaves a dead letter as well as a log row.
    receiver.answerWith({ status: 400, body: '{}' });
    const events = [
      { OrderID: 'order-nul-anonymous', context: { AnonymousID: 'beacon\u0000x' } },
      { OrderID: 'order-long-anonymous', context: { AnonymousID: 'b'.repeat(150) } },
      { OrderID: `order-long-${'o'.repeat(150)}`, context: {} },
      { OrderID: 'order-nul-\u0000', context: {} },
      { OrderID: 'order-long-user', context: { UserID: `${'u'.repeat(99)}😀` } },
      { OrderID: 'order-plain', context: { AnonymousID: 'beacon-1' } },
    ];
    const publisher = host.app.get(TrackingEventPublisher);
    for (const { OrderID, context } of events) {
      expect(
        await publisher.publish('LineItemAdded', { OrderID, LineItem: LINE }, { context: { ClientID: 'storefront', ...context } }),
      ).toEqual(expect.any(String));
    }
    await waitFor('every event delivered', () => receiver.received.length === events.length);
    const dataSource = host.app.get(DataSource);
    const logged = await waitFor('every attempt in the delivery log', async () => {
      await host.app.get(DeliveryLogWriter).flush();
      const rows = await dataSource.getRepository(DeliveryAttemptEntity).find();
      return rows.length === events.length && rows;
    });
    const letters = await waitFor('every dead letter stored', async () => {
      const rows = await dataSource.getRepository(DeadLetterEntity).find();
      return rows.length === events.length && rows;
    });

    const byOrder = new Map(logged.map((row) => [row.orderId, row]));
    expect(byOrder.get('order-nul-anonymous')!.anonymousId).toBe('beacon\uFFFDx');
    expect(byOrder.get('order-long-anonymous')!.anonymousId).toBe('b'.repeat(100));
    expect(byOrder.get('order-nul-\uFFFD')).toBeDefined();
    expect(byOrder.get('order-plain')!.anonymousId).toBe('beacon-1');
    // Cut at 100 UTF-16 units, and not between the halves of the emoji that straddles the cut.
    expect(byOrder.get('order-long-user')!.userId).toBe('u'.repeat(99));
    expect(logged.map((row) => row.orderId)).toContain(`order-long-${'o'.repeat(89)}`);
    // A dead letter keeps the message whole, for its replay.
    const longOrder = letters.find((letter) => letter.orderId === `order-long-${'o'.repeat(89)}`)!;
    expect(JSON.stringify(longOrder.message)).toContain(`order-long-${'o'.repeat(150)}`);
    expect(letters.map((letter) => letter.orderId)).toContain('order-nul-\uFFFD');
  });

  it('refuses an anonymous or user ID holding the NUL character for stitching and erasure, with InvalidIdentityError', async () => {
    const stitcher = host.app.get(IdentityStitcher);
    await expect(stitcher.stitch('beacon\u0000x', 'buyer01')).rejects.toThrow(InvalidIdentityError);
    await expect(stitcher.stitch('beacon-2', 'buyer\u000001')).rejects.toThrow(InvalidIdentityError);
    await expect(host.app.get(UserErasureService).forgetUser('buyer\u000001')).rejects.toThrow(InvalidIdentityError);
  });
});
