import * as promClient from 'prom-client';
import type { PrometheusRegistry, TrackingEventsSettings } from '../options';
import type { PipelineGaugeReader } from './pipeline-gauge-reader';
import { TrackingEventsMetrics } from './tracking-events-metrics';

function readerOf(outboxRows: number | Error): PipelineGaugeReader {
  return {
    queueDepths: async () => [{ targetType: 'Http', waiting: 2, delayed: 1, active: 0 }],
    outboxRows: async () => {
      if (outboxRows instanceof Error) throw outboxRows;
      return outboxRows;
    },
    captureLagMs: async () => 1500,
    circuitCounts: async () => [{ targetType: 'Http', paused: 1, probing: 0 }],
  };
}

function metricsOf(registry: promClient.Registry, reader: PipelineGaugeReader, enabled = true): TrackingEventsMetrics {
  const hostRegistry: PrometheusRegistry = registry;
  const settings = {
    metrics: { enabled, registry: hostRegistry, prefix: 'te_' },
  } as Partial<TrackingEventsSettings> as TrackingEventsSettings;
  const metrics = new TrackingEventsMetrics(settings, reader);
  metrics.onModuleInit();
  return metrics;
}

async function valueOf(registry: promClient.Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((value) => Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted))?.value;
}

describe('TrackingEventsMetrics', () => {
  it('counts deliveries by outcome, retries apart, and the latency of those delivered', async () => {
    const registry = new promClient.Registry();
    const metrics = metricsOf(registry, readerOf(0));
    const occurredAt = new Date(Date.now() - 2_000).toISOString();
    metrics.attemptEnded('Http', 'retrying', 30, occurredAt);
    metrics.attemptEnded('Http', 'delivered', 20, occurredAt);
    metrics.attemptEnded('Http', 'failed', 10, occurredAt);
    metrics.deadLettered('Http');
    metrics.captureFailed('OrderSubmitted');

    expect(await valueOf(registry, 'te_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(await valueOf(registry, 'te_deliveries_total', { outcome: 'failed' })).toBe(1);
    expect(await valueOf(registry, 'te_deliveries_total', { outcome: 'retrying' })).toBeUndefined();
    expect(await valueOf(registry, 'te_delivery_retries_total', { target_type: 'Http' })).toBe(1);
    expect(await valueOf(registry, 'te_dead_letters_total', { target_type: 'Http' })).toBe(1);
    expect(await valueOf(registry, 'te_capture_failures_total', { event_type: 'OrderSubmitted' })).toBe(1);
    const latency = (await registry.getSingleMetric('te_delivery_latency_seconds')!.get())
      .values as promClient.MetricValueWithName<string>[];
    expect(latency.find((value) => value.metricName === 'te_delivery_latency_seconds_count')?.value).toBe(1);
    expect(latency.find((value) => value.metricName === 'te_delivery_latency_seconds_sum')?.value).toBeGreaterThanOrEqual(2);
  });

  it('registers its metrics once when several apps share a registry, and reads the gauges from the latest that runs', async () => {
    const registry = new promClient.Registry();
    const first = metricsOf(registry, readerOf(1));
    const second = metricsOf(registry, readerOf(2));
    first.attemptEnded('Http', 'delivered', 1, new Date().toISOString());
    second.attemptEnded('Http', 'delivered', 1, new Date().toISOString());

    expect(await valueOf(registry, 'te_deliveries_total', { outcome: 'delivered' })).toBe(2);
    expect(await valueOf(registry, 'te_outbox_rows')).toBe(2);
    second.onModuleDestroy();
    expect(await valueOf(registry, 'te_outbox_rows')).toBe(1);
    expect(await valueOf(registry, 'te_queue_depth', { target_type: 'Http', state: 'waiting' })).toBe(2);
    expect(await valueOf(registry, 'te_open_circuits', { target_type: 'Http', state: 'paused' })).toBe(1);
    expect(await valueOf(registry, 'te_capture_lag_seconds')).toBe(1.5);
  });

  it('uses a metric of its name already in the registry rather than failing to register it again', async () => {
    const registry = new promClient.Registry();
    const existing = new promClient.Counter({
      name: 'te_deliveries_total',
      help: 'made elsewhere',
      labelNames: ['target_type', 'outcome'],
      registers: [registry],
    });
    metricsOf(registry, readerOf(0)).attemptEnded('Http', 'skipped', 1, new Date().toISOString());
    expect((await existing.get()).values).toEqual([
      expect.objectContaining({ value: 1, labels: { target_type: 'Http', outcome: 'skipped' } }),
    ]);
  });

  it('shows a gauge whose reading fails as unknown, and the scrape goes on', async () => {
    const registry = new promClient.Registry();
    metricsOf(registry, readerOf(new Error('database away')));
    const text = await registry.metrics();
    expect(text).toContain('te_queue_depth{target_type="Http",state="waiting"} 2');
    expect(text).toMatch(/^te_outbox_rows Nan$/m);
  });

  it('registers nothing when metrics are off', async () => {
    const registry = new promClient.Registry();
    metricsOf(registry, readerOf(0), false).attemptEnded('Http', 'delivered', 1, new Date().toISOString());
    expect(registry.getMetricsAsArray()).toEqual([]);
  });
});
