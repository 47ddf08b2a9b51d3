import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { MetricInstruments } from './metric-instruments';
import { PIPELINE_GAUGE_READER, type PipelineGaugeReader } from './pipeline-gauge-reader';

/** An attempt's end, as the metrics label it (a pause is no attempt). */
export type MeasuredAttemptOutcome = 'delivered' | 'skipped' | 'retrying' | 'failed';

/**
 * What the pipeline tells the Prometheus metrics, when the `metrics` setting turns them on; otherwise
 * nothing, and prom-client (an optional dependency) is not loaded.
 */
@Injectable()
export class TrackingEventsMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly instruments?: MetricInstruments;

  constructor(
    @Inject(TRACKING_EVENTS_SETTINGS) settings: TrackingEventsSettings,
    @Inject(PIPELINE_GAUGE_READER) private readonly reader: PipelineGaugeReader,
  ) {
    if (!settings.metrics.enabled) return;
    const promClient = loadPromClient();
    const registry = (settings.metrics.registry ?? promClient.register) as Registry;
    this.instruments = MetricInstruments.of(promClient, registry, settings.metrics.prefix);
  }

  onModuleInit(): void {
    this.instruments?.readGaugesFrom(this.reader);
  }

  onModuleDestroy(): void {
    this.instruments?.stopReading(this.reader);
  }

  /** A delivery attempt ended; `occurredAt` is its event's time, from which a delivery's latency counts. */
  attemptEnded(targetType: string, outcome: MeasuredAttemptOutcome, durationMs: number, occurredAt: string): void {
    const instruments = this.instruments;
    if (!instruments) return;
    instruments.attemptDuration.observe({ target_type: targetType, outcome }, durationMs / 1000);
    if (outcome === 'retrying') {
      instruments.retries.inc({ target_type: targetType });
      return;
    }
    instruments.deliveries.inc({ target_type: targetType, outcome });
    const latencyMs = Date.now() - Date.parse(occurredAt);
    if (outcome === 'delivered' && Number.isFinite(latencyMs)) {
      instruments.deliveryLatency.observe({ target_type: targetType }, Math.max(0, latencyMs) / 1000);
    }
  }

  /** A delivery that failed for good was kept as a dead letter. */
  deadLettered(targetType: string): void {
    this.instruments?.deadLetters.inc({ target_type: targetType });
  }

  /** An event was lost at capture: neither Redis nor the outbox took it. */
  captureFailed(eventType: string): void {
    this.instruments?.captureFailures.inc({ event_type: eventType });
  }
}

function loadPromClient(): typeof import('prom-client') {
  try {
    return require('prom-client');
  } catch {
    throw new Error('TrackingEventsModule setting "metrics: { enabled: true }" needs prom-client. Fix: npm install prom-client.');
  }
}
