import { DataSource, In } from 'typeorm';
import {
  CircuitBreaker,
  DeadLetterEntity,
  DeadLettersService,
  DeliveryAttemptEntity,
  DeliveryConfigsService,
  DeliveryLogService,
  OutboxEventEntity,
  OutboxRelay,
  TrackingEventPublisher,
  TrackingEventsService,
} from '../../src';
import { deliveryAttemptRow } from '../../src/operations/delivery-log/delivery-attempt.fixtures';
import { DeliveryLogWriter } from '../../src/operations/delivery-log/delivery-log.writer';
import { RoutingTable } from '../../src/routing/routing-table';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { pause, waitFor } from '../support/wait-for';

const LINE = { ID: 'l1', ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 };

/** Dead letters and their replay, the delivery log, the circuit breaker and the transactional outbox. */
describe.each(TEST_DATABASES)('When deliveries fail ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let healthy: LoopbackReceiver;
  let flaky: LoopbackReceiver;
  let host: TestHost;
  const queuePrefix = uniqueQueuePrefix();

  const publish = (orderId: string, clientId = 'storefront') =>
    host.app
      .get(TrackingEventPublisher)
      .publish('LineItemAdded', { OrderID: orderId, LineItem: LINE }, { context: { ClientID: clientId } });
  const flushLog = () => host.app.get(DeliveryLogWriter).flush();
  /** The log's entries of some deliveries by attempt, once it holds `count` of them (each is written after its answer). */
  const loggedAttempts = (filters: { OrderID: string; TargetType?: string }, count: number) =>
    waitFor(`${count} attempts in the delivery log`, async () => {
      await flushLog();
      const page = await host.app.get(DeliveryLogService).list({ ...filters, sortBy: 'Attempt' });
      return page.Items.length >= count && page;
    });

  beforeAll(async () => {
    instance = await database.create();
    [healthy, flaky] = await Promise.all([startLoopbackReceiver(), startLoopbackReceiver()]);
    host = await startTestHost(instance, {
      queuePrefix,
      delivery: { attempts: 3, backoffMs: 40, timeoutMs: 2000 },
      circuitBreaker: { failureThreshold: 4, cooldownMs: 600 },
      reliability: { outboxRelayIntervalMs: 100 },
    });
    const configs = host.app.get(DeliveryConfigsService);
    const events = host.app.get(TrackingEventsService);
    await configs.create({ ID: 'flaky-hook', Name: 'Flaky', DeliveryTargets: { Http: { Endpoint: `${flaky.origin}/in`, Secret: 's' } } });
    await configs.create({
      ID: 'healthy-hook',
      Name: 'Healthy',
      DeliveryTargets: { Http: { Endpoint: `${healthy.origin}/in`, Secret: 's' } },
    });
    await events.create({
      ID: 'flaky-adds',
      EventType: 'LineItemAdded',
      ClientID: 'storefront',
      Name: 'Adds',
      DeliveryConfigID: 'flaky-hook',
    });
    await events.create({
      ID: 'healthy-adds',
      EventType: 'LineItemAdded',
      ClientID: 'pos',
      Name: 'Adds',
      DeliveryConfigID: 'healthy-hook',
    });
  });

  beforeEach(() => {
    for (const receiver of [healthy, flaky]) {
      receiver.received.length = 0;
      receiver.answerWith({ status: 200, body: '{}' });
    }
  });

  afterAll(async () => {
    await host?.close();
    await Promise.all([healthy, flaky].map((receiver) => receiver?.close()));
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it('keeps a delivery answered 400 as a dead letter with its attempt, and replays it under the same delivery ID once fixed', async () => {
    flaky.answerWith({ status: 400, body: '{"error":"missing field"}' });
    const eventId = (await publish('order-400'))!;
    const deliveryId = `${eventId}-flaky-adds-Http`;
    const deadLetters = host.app.get(DeadLettersService);
    const letter = await waitFor('the dead letter', async () => (await deadLetters.list({ OrderID: 'order-400' })).Items[0]);
    expect(letter).toMatchObject({
      ID: deliveryId,
      EventID: eventId,
      EventType: 'LineItemAdded',
      OrderID: 'order-400',
      DeliveryConfigID: 'flaky-hook',
      TargetType: 'Http',
      ReplayedAt: null,
    });
    expect(letter.Attempts).toEqual([
      {
        Attempt: 1,
        AttemptedAt: expect.any(String),
        DurationMs: expect.any(Number),
        HttpStatus: 400,
        Error: expect.stringMatching(/answered 400$/),
      },
    ]);
    // The receiver's answer is not echoed unless the host opts in (networkPolicy.echoResponseBodies).
    expect(JSON.stringify(letter)).not.toContain('missing field');
    expect(letter.Message.Payload).toMatchObject({ OrderId: 'order-400' });
    expect(flaky.received).toHaveLength(1);

    flaky.answerWith({ status: 200, body: '{}' });
    await deadLetters.replay(deliveryId);
    await waitFor('the replayed delivery', () => flaky.received.length === 2);
    expect(flaky.received[1].headers['webhook-id']).toBe(deliveryId);
    await waitFor('the dead letter to be resolved', async () => (await deadLetters.list({ ID: deliveryId })).Meta.TotalCount === 0);
  });

  it('keeps a delivery whose retries ran out, with every attempt, and replays all the letters a filter matches', async () => {
    flaky.answerWith({ status: 503, body: 'maintenance' });
    const eventIds = [(await publish('order-503-a'))!, (await publish('order-503-b'))!];
    const deadLetters = host.app.get(DeadLettersService);
    const letters = await waitFor('two dead letters', async () => {
      const page = await deadLetters.list({ OrderID: 'order-503-*', sortBy: 'ID' });
      return page.Meta.TotalCount === 2 && page.Items;
    });
    for (const letter of letters)
      expect(letter.Attempts.map((attempt) => [attempt.Attempt, attempt.HttpStatus])).toEqual([
        [1, 503],
        [2, 503],
        [3, 503],
      ]);

    flaky.answerWith({ status: 200, body: '{}' });
    await host.app.get(CircuitBreaker).reset('flaky-hook', 'Http');
    flaky.received.length = 0;
    expect(
      await deadLetters.replayMatching({ DeliveryConfigID: 'flaky-hook', FailedAt: `>${new Date(Date.now() - 60_000).toISOString()}` }),
    ).toEqual({ Replayed: 2 });
    await waitFor('both replays', () => flaky.received.length === 2);
    expect(new Set(flaky.received.map((request) => request.headers['webhook-id']))).toEqual(
      new Set(eventIds.map((id) => `${id}-flaky-adds-Http`)),
    );
    await waitFor(
      'the letters to be resolved',
      async () => (await deadLetters.list({ DeliveryConfigID: 'flaky-hook' })).Meta.TotalCount === 0,
    );
  });

  it('logs the attempts and keeps the dead letters of events whose IDs do not fit the columns (a NUL, over 100 characters)', async () => {
    // Such IDs come from the host's context, an anonymous ID from a shopper's browser say. Stored as they are, one of
    // them made PostgreSQL refuse the whole insert of the delivery log, again at every try, and its own dead letter.
    flaky.answerWith({ status: 400, body: '{}' });
    const odd = [
      { OrderID: 'order-nul-anonymous', AnonymousID: 'beacon\u0000x' },
      { OrderID: 'order-long-anonymous', AnonymousID: 'b'.repeat(150) },
      { OrderID: `order-long-${'o'.repeat(150)}` },
      { OrderID: 'order-nul-\u0000' },
      { OrderID: 'order-long-user', UserID: `${'u'.repeat(99)}😀` },
      // Its anonymous ID is looked up among the identity links, with the other events' of the batch.
      { OrderID: 'order-nul-user', UserID: 'buyer\u000001' },
      { OrderID: 'order-plain', AnonymousID: 'beacon-1' },
    ];
    const publisher = host.app.get(TrackingEventPublisher);
    const eventIds: string[] = [];
    for (const { OrderID, ...context } of odd) {
      eventIds.push(
        (await publisher.publish('LineItemAdded', { OrderID, LineItem: LINE }, { context: { ClientID: 'storefront', ...context } }))!,
      );
    }
    await waitFor('every event delivered', () => flaky.received.length === odd.length);
    const dataSource = host.app.get(DataSource);
    const logged = await waitFor('every attempt in the delivery log', async () => {
      await flushLog();
      const rows = await dataSource.getRepository(DeliveryAttemptEntity).findBy({ eventId: In(eventIds) });
      return rows.length === odd.length && rows;
    });
    const letters = await waitFor('every dead letter', async () => {
      const rows = await dataSource.getRepository(DeadLetterEntity).findBy({ eventId: In(eventIds) });
      return rows.length === odd.length && rows;
    });
    // U+0000 becomes U+FFFD, and a value is cut at its column's 100 characters, not between the halves of an emoji.
    const byOrder = new Map(logged.map((row) => [row.orderId, row]));
    expect(byOrder.get('order-nul-anonymous')!.anonymousId).toBe('beacon\uFFFDx');
    expect(byOrder.get('order-long-anonymous')!.anonymousId).toBe('b'.repeat(100));
    expect(byOrder.get('order-long-user')!.userId).toBe('u'.repeat(99));
    expect(byOrder.get('order-nul-user')!.userId).toBe('buyer\uFFFD01');
    expect(byOrder.get('order-plain')!.anonymousId).toBe('beacon-1');
    expect([...byOrder.keys()]).toEqual(expect.arrayContaining(['order-nul-\uFFFD', `order-long-${'o'.repeat(89)}`]));
    // A dead letter keeps the message whole, for its replay.
    const longOrder = letters.find((letter) => letter.orderId === `order-long-${'o'.repeat(89)}`)!;
    expect(JSON.stringify(longOrder.message)).toContain(`order-long-${'o'.repeat(150)}`);
    expect(letters.map((letter) => letter.orderId)).toContain('order-nul-\uFFFD');
  });

  it('records every attempt in the delivery log, to answer "did order X reach the endpoint, and when?"', async () => {
    flaky.answerOnce({ status: 500, body: 'oops' });
    await publish('order-log');
    const attempts = await loggedAttempts({ OrderID: 'order-log', TargetType: 'Http' }, 2);
    expect(attempts.Items.map((entry) => [entry.Attempt, entry.Outcome, entry.HttpStatus])).toEqual([
      [1, 'Retrying', 500],
      [2, 'Delivered', 200],
    ]);
    expect(attempts.Items[1]).toMatchObject({ DeliveryConfigID: 'flaky-hook', TrackingEventID: 'flaky-adds', EventType: 'LineItemAdded' });
    expect(Date.parse(attempts.Items[1].AttemptedAt)).toBeGreaterThan(Date.now() - 60_000);
    const later = await host.app.get(DeliveryLogService).list({ OrderID: 'order-log', AttemptedAt: `>${attempts.Items[0].AttemptedAt}` });
    expect(later.Items.map((entry) => entry.Attempt)).toEqual([2]);
  });

  it('retries a delivery whose attempt could not read the configuration, and delivers it', async () => {
    const routingTable = host.app.get(RoutingTable);
    const read = routingTable.snapshot.bind(routingTable);
    // The router's read succeeds; the delivery's batch, which reads next, finds the database away.
    const snapshot = jest
      .spyOn(routingTable, 'snapshot')
      .mockImplementationOnce(read)
      .mockImplementationOnce(() => Promise.reject(new Error('database unreachable')));
    try {
      await publish('order-config-away', 'pos');
      await waitFor('the retry to deliver', () => healthy.received.length === 1);
    } finally {
      snapshot.mockRestore();
    }
    const attempts = await loggedAttempts({ OrderID: 'order-config-away' }, 2);
    expect(attempts.Items.map((entry) => [entry.Attempt, entry.Outcome, entry.Detail])).toEqual([
      [1, 'Retrying', 'database unreachable'],
      [2, 'Delivered', null],
    ]);
  });

  it('pauses a target that keeps failing, keeps its deliveries waiting without spending attempts, and resumes on its own', async () => {
    flaky.answerWith({ status: 502, body: 'bad gateway' });
    for (let n = 0; n < 4; n++) await publish(`order-cb-${n}`);
    const breaker = host.app.get(CircuitBreaker);
    const circuit = await waitFor('the circuit to open', async () =>
      (await breaker.list()).find((entry) => entry.DeliveryConfigID === 'flaky-hook'),
    );
    expect(circuit).toMatchObject({ TargetType: 'Http', State: 'Paused' });

    // Another target is not held back.
    const before = healthy.received.length;
    await publish('order-healthy', 'pos');
    await waitFor('the healthy delivery', () => healthy.received.length === before + 1);

    flaky.answerWith({ status: 200, body: '{}' });
    await waitFor(
      'the paused deliveries to go through after the cooldown',
      async () => {
        await flushLog();
        const delivered = await host.app.get(DeliveryLogService).list({ OrderID: 'order-cb-*', Outcome: 'Delivered' });
        return delivered.Meta.TotalCount === 4;
      },
      15_000,
    );
    expect(await host.app.get(DeadLettersService).list({ OrderID: 'order-cb-*' })).toMatchObject({ Meta: { TotalCount: 0 } });
    await waitFor('the circuit to close', async () => (await breaker.list()).every((entry) => entry.DeliveryConfigID !== 'flaky-hook'));
    const paused = await host.app.get(DeliveryLogService).list({ OrderID: 'order-cb-*', Outcome: 'Paused' });
    expect(paused.Meta.TotalCount).toBeGreaterThan(0);
  });

  it("writes an event in the host's transaction: delivered if it commits, never if it rolls back", async () => {
    const dataSource = host.app.get(DataSource);
    const publisher = host.app.get(TrackingEventPublisher);
    await dataSource
      .transaction(async (manager) => {
        await publisher.publish(
          'LineItemAdded',
          { OrderID: 'order-rolled-back', LineItem: LINE },
          { context: { ClientID: 'storefront' }, transaction: manager },
        );
        throw new Error('the order failed');
      })
      .catch(() => undefined);
    await dataSource.transaction((manager) =>
      publisher.publish(
        'LineItemAdded',
        { OrderID: 'order-committed', LineItem: LINE },
        { context: { ClientID: 'storefront' }, transaction: manager },
      ),
    );
    await host.app.get(OutboxRelay).relay();
    const [request] = await waitFor('the committed event', () => flaky.received.length === 1 && flaky.received);
    expect(JSON.parse(request.body.toString()).Payload.OrderId).toBe('order-committed');
    expect(await dataSource.getRepository(OutboxEventEntity).count()).toBe(0);
    await pause(300);
    expect(flaky.received).toHaveLength(1);
  });

  it('prunes delivery log entries older than the retention window', async () => {
    const repository = host.app.get(DataSource).getRepository(DeliveryAttemptEntity);
    const entry = (id: string, daysAgo: number) =>
      deliveryAttemptRow({
        id,
        deliveryId: 'd',
        eventId: 'e',
        orderId: 'order-prune',
        trackingEventId: 't',
        deliveryConfigId: 'c',
        attemptedAt: new Date(Date.now() - daysAgo * 24 * 3600 * 1000),
      });
    // More expired rows than one DELETE takes: pruning goes on until none is left.
    const expired = Array.from({ length: 12_001 }, (_, n) => entry(`00000000-0000-4000-9000-${String(n).padStart(12, '0')}`, 15));
    for (let start = 0; start < expired.length; start += 500) await repository.insert(expired.slice(start, start + 500));
    await repository.insert(entry('00000000-0000-4000-8000-000000000002', 13));
    expect(await host.app.get(DeliveryLogWriter).prune()).toBe(12_001);
    expect((await repository.findBy({ orderId: 'order-prune' })).map((row) => row.id)).toEqual(['00000000-0000-4000-8000-000000000002']);
  });
});
