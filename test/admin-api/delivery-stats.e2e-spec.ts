import { Auth, Cart, DeliveryConfigurations, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { bodyOf } from '../support/http';
import { ADMIN, login, loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const BEACON = 'beacon-stats-7f3a';
const RECEIVER_DELAY_MS = 150;

interface TargetStats {
  DeliveryConfigID: string;
  DeliveryConfigName: string | null;
  TargetType: string;
  Delivered: number;
  FailedAttempts: number;
  DeadLettered: number;
  Skipped: number;
  LatencyMs: { P50: number | null; P90: number | null; P99: number | null };
  Buckets: Array<{ Start: string; Delivered: number; FailedAttempts: number; DeadLettered: number; LatencyP90Ms: number | null }>;
  Circuit: { State: string; OpenedAt: string | null; RetryAt: string | null };
}

/** `/integrations/deliverystats` over real deliveries, and the delivery log fields the dashboard reads. */
describe.each(TEST_DATABASES)('Delivery stats admin API ($name)', (database) => {
  let running: RunningSampleApp;
  let fast: LoopbackReceiver;
  let refusing: LoopbackReceiver;
  let admin: string;

  const call = async (path: string, token = admin) => {
    const response = await fetch(`${running.baseUrl}/v1/integrations${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: await bodyOf(response) };
  };
  const tileOf = (targets: TargetStats[], configId: string) => targets.find((target) => target.DeliveryConfigID === configId);

  beforeAll(async () => {
    fast = await startLoopbackReceiver();
    fast.answerWith({ status: 200, body: '{}', delayMs: RECEIVER_DELAY_MS });
    refusing = await startLoopbackReceiver();
    refusing.answerWith({ status: 400, body: 'no' });
    running = await startSampleApp(database);
    useSdkAgainst(running);
    admin = await loginAsAdmin();
    const http = (receiver: LoopbackReceiver) => ({ Http: { Endpoint: `${receiver.origin}/in`, Secret: 's' } });
    await DeliveryConfigurations.Create({ ID: 'stats-good', Name: 'Good hook', DeliveryTargets: http(fast) });
    await DeliveryConfigurations.Create({ ID: 'stats-bad', Name: 'Bad hook', DeliveryTargets: http(refusing) });
    await DeliveryConfigurations.Create({ ID: 'stats-idle', Name: 'Idle hook', DeliveryTargets: http(fast) });
    await TrackingEvents.Create({ EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'stats-good' });
    await TrackingEvents.Create({ EventType: 'LineItemUpdated', ClientID: 'storefront', Name: 'Updates', DeliveryConfigID: 'stats-bad' });
    Tokens.RemoveAccessToken();

    const { access_token } = await Auth.Anonymous('storefront', [], [], { anonuserid: BEACON });
    const line = await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 }, { accessToken: access_token });
    await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 1 }, { accessToken: access_token });
    await Cart.PatchLineItem(line.ID!, { Quantity: 3 }, { accessToken: access_token });
  });

  afterAll(async () => {
    await running?.close();
    await fast?.close();
    await refusing?.close();
  });

  it("counts each target's deliveries, failures and dead letters, in buckets that add up", async () => {
    const asked = Date.now();
    const stats = await waitFor('the stats of every delivery', async () => {
      const { body } = await call('/deliverystats');
      const good = tileOf(body.Targets, 'stats-good');
      const bad = tileOf(body.Targets, 'stats-bad');
      return good?.Delivered === 2 && bad?.DeadLettered === 1 && body;
    });
    expect(stats).toMatchObject({ Window: 'Hour', BucketSeconds: 60 });
    expect(Date.parse(stats.To) - Date.parse(stats.From)).toBe(3600_000);
    // The end of the minute the counts were read in: they are cached for up to 2 s (a thirtieth of a bucket), so that
    // minute may just have ended.
    expect(Date.parse(stats.To)).toBeGreaterThan(asked - 2_000);
    expect(Date.parse(stats.To)).toBeLessThanOrEqual(Date.now() + 60_000);

    const good = tileOf(stats.Targets, 'stats-good')!;
    const bad = tileOf(stats.Targets, 'stats-bad')!;
    expect(good).toMatchObject({ DeliveryConfigName: 'Good hook', TargetType: 'Http', FailedAttempts: 0, DeadLettered: 0, Skipped: 0 });
    expect(bad).toMatchObject({
      DeliveryConfigName: 'Bad hook',
      Delivered: 0,
      FailedAttempts: 1,
      DeadLettered: 1,
      LatencyMs: { P50: null },
    });
    expect(good.Circuit).toEqual({ State: 'Closed', OpenedAt: null, RetryAt: null });
    for (const tile of [good, bad]) {
      expect(tile.Buckets).toHaveLength(60);
      expect(tile.Buckets[0].Start).toBe(stats.From);
      const sum = (field: 'Delivered' | 'FailedAttempts' | 'DeadLettered') =>
        tile.Buckets.reduce((total, bucket) => total + bucket[field], 0);
      expect([sum('Delivered'), sum('FailedAttempts'), sum('DeadLettered')]).toEqual([
        tile.Delivered,
        tile.FailedAttempts,
        tile.DeadLettered,
      ]);
    }
    // The deliveries went out just now: the last bucket (or the one before, at a minute's turn) holds them.
    expect(good.Buckets.slice(-2).reduce((total, bucket) => total + bucket.Delivered, 0)).toBe(2);

    // Sorted by config, then target type.
    const order = stats.Targets.map((target: TargetStats) => `${target.DeliveryConfigID}/${target.TargetType}`);
    expect(order).toEqual([...order].sort());
    expect(stats.Pipeline).toMatchObject({
      CaptureLagMs: expect.any(Number),
      OutboxRows: 0,
      OpenCircuits: 0,
      Queues: expect.arrayContaining([
        { TargetType: 'Http', Waiting: expect.any(Number), Delayed: expect.any(Number), Active: expect.any(Number) },
      ]),
    });
  });

  it('reads latency percentiles within a histogram step of the logged latencies', async () => {
    const attempts = await waitFor('the logged deliveries', async () => {
      const { body } = await call('/deliveryattempts?DeliveryConfigID=stats-good&Outcome=Delivered');
      return body.Meta.TotalCount === 2 && body.Items;
    });
    const latencies = attempts.map((attempt: { LatencyMs: number }) => attempt.LatencyMs).sort((a: number, b: number) => a - b);
    expect(latencies[0]).toBeGreaterThanOrEqual(RECEIVER_DELAY_MS);
    const { body } = await call('/deliverystats');
    const { P50, P90, P99 } = tileOf(body.Targets, 'stats-good')!.LatencyMs;
    // With two deliveries the median is the faster one and P90, P99 the slower one; each is read as its step's upper edge.
    expect(P50).toBeGreaterThanOrEqual(latencies[0]);
    expect(P50).toBeLessThanOrEqual(Math.ceil(latencies[0] * 1.34));
    expect(P90).toBe(P99);
    expect(P99).toBeGreaterThanOrEqual(latencies[1]);
    expect(P99).toBeLessThanOrEqual(Math.ceil(latencies[1] * 1.34));
  });

  it('shows a configured target without traffic as a tile of zeros', async () => {
    const { body } = await call('/deliverystats?Window=Day');
    expect(body).toMatchObject({ Window: 'Day', BucketSeconds: 900 });
    const idle = tileOf(body.Targets, 'stats-idle')!;
    expect(idle).toMatchObject({ DeliveryConfigName: 'Idle hook', Delivered: 0, FailedAttempts: 0, DeadLettered: 0, Skipped: 0 });
    expect(idle.LatencyMs).toEqual({ P50: null, P90: null, P99: null });
    expect(idle.Buckets).toHaveLength(96);
    expect(idle.Buckets.every((bucket) => bucket.Delivered === 0 && bucket.LatencyP90Ms === null)).toBe(true);
    const week = await call('/deliverystats?window=week');
    expect(week.body).toMatchObject({ Window: 'Week', BucketSeconds: 7200 });
    expect(tileOf(week.body.Targets, 'stats-good')!.Delivered).toBe(2);
  });

  it("logs each attempt's anonymous shopper, occurrence, latency and job, and filters by them", async () => {
    const { body } = await call(`/deliveryattempts?AnonymousID=${BEACON}&sortBy=AttemptedAt`);
    expect(body.Meta.TotalCount).toBe(3);
    for (const attempt of body.Items) {
      expect(attempt).toMatchObject({
        AnonymousID: BEACON,
        UserID: null,
        QueueName: 'tracking-events-target-http',
        JobID: expect.any(String),
      });
      expect(Date.parse(attempt.OccurredAt)).toBeLessThanOrEqual(Date.parse(attempt.AttemptedAt));
    }
    const delivered = body.Items.filter((attempt: { Outcome: string }) => attempt.Outcome === 'Delivered');
    expect(delivered.map((attempt: { LatencyMs: number }) => attempt.LatencyMs)).toEqual([expect.any(Number), expect.any(Number)]);
    const failed = body.Items.find((attempt: { Outcome: string }) => attempt.Outcome === 'Failed');
    expect(failed.LatencyMs).toBeNull();

    const one = await call(`/deliveryattempts?DeliveryID=${failed.DeliveryID}`);
    expect(one.body.Items.map((attempt: { ID: string }) => attempt.ID)).toEqual([failed.ID]);
    expect((await call(`/deliveryattempts?search=${BEACON.slice(0, 10)}&searchOn=AnonymousID`)).body.Meta.TotalCount).toBe(3);
    expect((await call('/deliveryattempts?AnonymousID=someone-else')).body.Meta.TotalCount).toBe(0);
  });

  it('answers a wrong window or parameter with a ValidationFailure naming it', async () => {
    for (const [path, property] of [
      ['/deliverystats?Window=Month', 'Window'],
      ['/deliverystats?Window=Hour&Window=Day', 'Window'],
      ['/deliverystats?Colour=red', 'Colour'],
      ['/deliverystats?__proto__=x', '__proto__'],
    ]) {
      const { status, body } = await call(path);
      expect(status).toBe(400);
      expect(body.Errors[0]).toMatchObject({ ErrorCode: 'ValidationFailure', Data: { Property: property } });
    }
  });

  it('needs FullAccess or DeliveryConfigAdmin, as the delivery log does', async () => {
    const reader = await login(ADMIN, ['TrackingEventReader']);
    const refused = await call('/deliverystats', reader);
    expect(refused.status).toBe(403);
    expect(refused.body.Errors[0].ErrorCode).toBe('Auth.InsufficientRoles');
    expect((await call('/deliverystats', 'garbage')).status).toBe(401);
    expect((await call('/deliverystats', await login(ADMIN, ['DeliveryConfigAdmin']))).status).toBe(200);
  });
});
