import { configureDeliveryTo, attemptsOf, runShopperJourney, waitForItems, TRACKED_EVENT_TYPES } from '../support/target-journey';
import { RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { StandIns, startStandIns } from '../support/stand-ins';
import { TEST_DATABASES } from '../support/test-databases';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Scrapes the sample app's /metrics, and reads the samples of its Prometheus text. */
async function scrape(running: RunningSampleApp): Promise<Sample[]> {
  const response = await fetch(`${running.baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return (await response.text())
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [, name, labels = '', value] = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      return {
        name,
        labels: Object.fromEntries([...labels.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, text]) => [key, text])),
        value: Number(value),
      };
    });
}

/** The sum of the samples of `name` whose labels include `labels` (0 when there are none yet). */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/**
 * The sample app's /metrics, scraped before and after a shopper journey: the counters moved by exactly
 * what was delivered, and the gauges are there for every target.
 */
describe.each(TEST_DATABASES)('Prometheus metrics ($name)', (database) => {
  let running: RunningSampleApp;
  let standIns: StandIns;

  beforeAll(async () => {
    standIns = await startStandIns();
    running = await startSampleApp(database);
    await configureDeliveryTo(running, 'metered', standIns.deliveryTargets() as Record<string, object>);
  });

  afterAll(async () => {
    await running?.close();
    await standIns?.close();
  });

  it('counts every delivery of a journey, with its latency, and shows the queues, outbox and circuits', async () => {
    const targetTypes = Object.keys(standIns.deliveryTargets());
    const before = await scrape(running);

    useSdkAgainst(running);
    await runShopperJourney();
    const expected = TRACKED_EVENT_TYPES.length * targetTypes.length;
    const delivered = await waitForItems('deliveries', () => attemptsOf(running, 'metered', 'Delivered'), expected);
    expect(delivered).toHaveLength(expected);
    const after = await scrape(running);

    const moved = (name: string, labels: Record<string, string> = {}) =>
      total(after, `tracking_events_${name}`, labels) - total(before, `tracking_events_${name}`, labels);
    for (const targetType of targetTypes) {
      expect({ targetType, delivered: moved('deliveries_total', { target_type: targetType, outcome: 'delivered' }) }).toEqual({
        targetType,
        delivered: TRACKED_EVENT_TYPES.length,
      });
      expect(moved('delivery_latency_seconds_count', { target_type: targetType })).toBe(TRACKED_EVENT_TYPES.length);
      expect(moved('delivery_attempt_duration_seconds_count', { target_type: targetType, outcome: 'delivered' })).toBe(
        TRACKED_EVENT_TYPES.length,
      );
      for (const state of ['waiting', 'delayed', 'active']) {
        expect(after).toContainEqual({
          name: 'tracking_events_queue_depth',
          labels: { target_type: targetType, state },
          value: expect.any(Number),
        });
      }
      expect(after).toContainEqual({
        name: 'tracking_events_open_circuits',
        labels: { target_type: targetType, state: 'paused' },
        value: 0,
      });
    }
    expect(moved('deliveries_total')).toBe(expected);
    expect(moved('deliveries_total', { outcome: 'failed' })).toBe(0);
    expect(moved('delivery_retries_total')).toBe(0);
    expect(moved('dead_letters_total')).toBe(0);
    expect(moved('capture_failures_total')).toBe(0);
    // Each delivery's latency is at least its attempt's, and the journey took seconds, not hours.
    expect(moved('delivery_latency_seconds_sum')).toBeGreaterThanOrEqual(
      moved('delivery_attempt_duration_seconds_sum', { outcome: 'delivered' }),
    );
    expect(moved('delivery_latency_seconds_sum') / expected).toBeLessThan(60);
    expect(total(after, 'tracking_events_outbox_rows')).toBe(0);
    expect(after).toContainEqual({ name: 'tracking_events_capture_lag_seconds', labels: {}, value: expect.any(Number) });
  });
});
