import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { CircuitBreaker, DeadLettersService, OutboxRelay, TrackingEventPublisher } from '../../src';
import { bodyOf } from '../support/http';
import { startPrivateRedis } from '../support/private-redis';
import { RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

/** The readiness probe's status and its tracking events details. */
async function readiness(running: RunningSampleApp): Promise<{ status: number; trackingEvents: Record<string, unknown> }> {
  const response = await fetch(`${running.baseUrl}/health/ready`);
  const body = await bodyOf(response);
  return { status: response.status, trackingEvents: body.details.trackingEvents };
}

/**
 * The sample app's probes, on the library's health indicator: the readiness probe fails while a
 * reading is over its limit or Redis does not answer, and passes again once that is over.
 */
describe.each(TEST_DATABASES)('Health checks ($name)', (database) => {
  let running: RunningSampleApp;

  beforeAll(async () => {
    running = await startSampleApp(database, {
      // Outbox rows stay until the test relays them.
      reliability: { outboxRelayIntervalMs: 3_600_000 },
      health: { maxOutboxRows: 0, maxOpenCircuits: 0, maxDeadLettersLastHour: 0, timeoutMs: 500 },
    });
  });

  afterAll(async () => {
    await running?.close();
  });

  it('answers the liveness probe, and the readiness probe with every reading', async () => {
    const live = await fetch(`${running.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(await bodyOf(live)).toEqual({ status: 'ok' });
    expect(await readiness(running)).toEqual({
      status: 200,
      trackingEvents: { status: 'up', redis: 'up', captureLagMs: 0, outboxRows: 0, openCircuits: 0, deadLettersLastHour: 0 },
    });
  });

  it('is not ready while the outbox holds more rows than its limit, and ready again once they are relayed', async () => {
    const publisher = running.app.get(TrackingEventPublisher);
    // Captured in the host's transaction: the event waits in the outbox.
    const eventId = await running.app
      .get(DataSource)
      .transaction((manager) =>
        publisher.publish('UserLoggedIn', { UserID: 'buyer01' }, { context: { ClientID: 'storefront' }, transaction: manager }),
      );
    expect(eventId).toEqual(expect.any(String));

    const over = await readiness(running);
    expect(over.status).toBe(503);
    expect(over.trackingEvents).toMatchObject({
      status: 'down',
      redis: 'up',
      outboxRows: 1,
      problems: ['outboxRows is 1, over its limit of 0'],
    });
    expect(over.trackingEvents.captureLagMs).toEqual(expect.any(Number));

    expect(await running.app.get(OutboxRelay).relay()).toBe(1);
    expect(await readiness(running)).toMatchObject({ status: 200, trackingEvents: { status: 'up', outboxRows: 0 } });
  });

  it('is not ready while a circuit is open, and ready again once it is closed', async () => {
    const circuits = running.app.get(CircuitBreaker);
    // The sample's threshold: as many failures in a row as it takes to pause the target.
    for (let failure = 0; (await circuits.list()).length === 0; failure++) {
      expect(failure).toBeLessThan(100);
      await circuits.recordFailure('health-config', 'Http');
    }
    expect(await readiness(running)).toMatchObject({
      status: 503,
      trackingEvents: { status: 'down', openCircuits: 1, problems: ['openCircuits is 1, over its limit of 0'] },
    });

    await circuits.reset('health-config', 'Http');
    expect(await readiness(running)).toMatchObject({ status: 200, trackingEvents: { status: 'up', openCircuits: 0 } });
  });

  it('is not ready while the last hour has more dead letters than its limit, and ready again once they are dealt with', async () => {
    const deadLetters = running.app.get(DeadLettersService);
    const message = { EventID: 'health-event', EventType: 'UserLoggedIn', Payload: { UserContext: { ID: 'buyer01' } } };
    await deadLetters.store(
      {
        deliveryId: 'health-event-storefront-UserLoggedIn-Http',
        eventId: 'health-event',
        trackingEventId: 'storefront-UserLoggedIn',
        deliveryConfigId: 'health-config',
        targetType: 'Http',
        message: message as never,
      },
      [],
      'HTTP 410',
    );
    expect(await readiness(running)).toMatchObject({
      status: 503,
      trackingEvents: { status: 'down', deadLettersLastHour: 1, problems: ['deadLettersLastHour is 1, over its limit of 0'] },
    });

    await deadLetters.delete('health-event-storefront-UserLoggedIn-Http');
    expect(await readiness(running)).toMatchObject({ status: 200, trackingEvents: { status: 'up', deadLettersLastHour: 0 } });
  });

  it('is not ready while Redis does not answer, and ready again once it is back', async () => {
    const redis = await startPrivateRedis();
    // An API process of its own, on a Redis the test stops: the probe of the processes that take the requests.
    const api = await startSampleApp(database, { redisUrl: redis.url, runWorkers: false, health: { timeoutMs: 500 } });
    let apiClosed = false;
    try {
      // A probe may time out (500 ms) while the machine is busy: the app only has to become ready.
      let ready: Awaited<ReturnType<typeof readiness>> | undefined;
      await waitFor('the app to be ready', async () => (ready = await readiness(api)).status === 200, 20_000);
      expect(ready).toMatchObject({ status: 200, trackingEvents: { status: 'up', redis: 'up' } });
      await redis.stop();
      const down = await readiness(api);
      expect(down.status).toBe(503);
      expect(down.trackingEvents).toMatchObject({ status: 'down', redis: 'down' });
      expect(down.trackingEvents.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^Redis does not answer: /)]));
      // The process itself is fine: it is not to be restarted.
      expect((await fetch(`${api.baseUrl}/health/live`)).status).toBe(200);

      await redis.start();
      await waitFor('the readiness probe to pass again', async () => (await readiness(api)).status === 200, 20_000);
      apiClosed = true;
      await api.close();
      // Queues caught between reconnection attempts when the app stops must not come back on their own.
      expect(await mostClientsWithin(redis.url, BULLMQ_FIRST_RETRY_MS * 3)).toBe(0);
    } finally {
      if (!apiClosed) await api.close();
      await redis.close();
    }
  });
});

/** BullMQ's connections try again after a second at the earliest. */
const BULLMQ_FIRST_RETRY_MS = 1_000;

/** The most connections (besides the one asking) the Redis at `url` had at any look over `ms`. */
async function mostClientsWithin(url: string, ms: number): Promise<number> {
  const probe = new Redis(url);
  try {
    let most = 0;
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const clients =
        String(await probe.client('LIST'))
          .trim()
          .split('\n').length - 1;
      most = Math.max(most, clients);
    }
    return most;
  } finally {
    probe.disconnect();
  }
}
