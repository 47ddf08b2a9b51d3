import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PipelineGaugeReader } from './pipeline-gauge-reader';

type PromClient = typeof import('prom-client');

/** From the event to its delivery: seconds for a first attempt, up to a day for the last retries. */
const DELIVERY_LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3_600, 6 * 3_600, 24 * 3_600];
const ATTEMPT_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const QUEUE_STATES = ['waiting', 'delayed', 'active'] as const;

/**
 * The library's metrics in one registry under one prefix. They are made once per registry and prefix:
 * every app of a process (tests boot many) counts into the same ones, and a metric of that name already
 * in the registry (another copy of the library) is used as it is. The gauges are read when scraped, from
 * the most recently started app that still runs.
 */
export class MetricInstruments {
  private static readonly made = new WeakMap<object, Map<string, MetricInstruments>>();

  readonly deliveries: Counter<'target_type' | 'outcome'>;
  readonly deliveryLatency: Histogram<'target_type'>;
  readonly attemptDuration: Histogram<'target_type' | 'outcome'>;
  readonly retries: Counter<'target_type'>;
  readonly deadLetters: Counter<'target_type'>;
  readonly captureFailures: Counter<'event_type'>;
  private readonly readers: PipelineGaugeReader[] = [];

  static of(promClient: PromClient, registry: Registry, prefix: string): MetricInstruments {
    let byPrefix = this.made.get(registry);
    if (!byPrefix) this.made.set(registry, (byPrefix = new Map()));
    let instruments = byPrefix.get(prefix);
    if (!instruments) byPrefix.set(prefix, (instruments = new MetricInstruments(promClient, registry, prefix)));
    return instruments;
  }

  private constructor(
    private readonly promClient: PromClient,
    private readonly registry: Registry,
    private readonly prefix: string,
  ) {
    this.deliveries = this.counter('deliveries_total', 'Deliveries that ended, by target type and outcome (delivered, skipped, failed).', [
      'target_type',
      'outcome',
    ]);
    this.deliveryLatency = this.histogram(
      'delivery_latency_seconds',
      "From the event's OccurredAt to the target's acknowledgement, retries included.",
      ['target_type'],
      DELIVERY_LATENCY_BUCKETS,
    );
    this.attemptDuration = this.histogram(
      'delivery_attempt_duration_seconds',
      'How long each delivery attempt took, by target type and outcome (delivered, skipped, retrying, failed).',
      ['target_type', 'outcome'],
      ATTEMPT_DURATION_BUCKETS,
    );
    this.retries = this.counter('delivery_retries_total', 'Failed attempts that will be retried.', ['target_type']);
    this.deadLetters = this.counter('dead_letters_total', 'Deliveries that failed for good, kept as dead letters.', ['target_type']);
    this.captureFailures = this.counter(
      'capture_failures_total',
      'Events that could not be captured (neither Redis nor the outbox took them).',
      ['event_type'],
    );
    this.gauge(
      'queue_depth',
      'Jobs in each target queue, by state (a job of first attempts holds up to 50 deliveries).',
      ['target_type', 'state'],
      async (gauge, reader) => {
        for (const depth of await reader.queueDepths()) {
          for (const state of QUEUE_STATES) gauge.set({ target_type: depth.targetType, state }, depth[state]);
        }
      },
    );
    this.gauge('outbox_rows', 'Captured events waiting in the outbox table for Redis.', [], async (gauge, reader) => {
      gauge.set(await reader.outboxRows());
    });
    this.gauge('capture_lag_seconds', 'Age of the oldest captured event not routed yet (0 when none waits).', [], async (gauge, reader) => {
      gauge.set((await reader.captureLagMs()) / 1000);
    });
    this.gauge(
      'open_circuits',
      'Targets paused by the circuit breaker, by target type and state (paused, probing).',
      ['target_type', 'state'],
      async (gauge, reader) => {
        for (const count of await reader.circuitCounts()) {
          gauge.set({ target_type: count.targetType, state: 'paused' }, count.paused);
          gauge.set({ target_type: count.targetType, state: 'probing' }, count.probing);
        }
      },
    );
  }

  /** The gauges read from this app's pipeline from now on, until it stops. */
  readGaugesFrom(reader: PipelineGaugeReader): void {
    this.readers.push(reader);
  }

  stopReading(reader: PipelineGaugeReader): void {
    const index = this.readers.lastIndexOf(reader);
    if (index >= 0) this.readers.splice(index, 1);
  }

  private counter<Label extends string>(name: string, help: string, labelNames: Label[]): Counter<Label> {
    return this.existing(name) ?? new this.promClient.Counter({ name: this.prefix + name, help, labelNames, registers: [this.registry] });
  }

  private histogram<Label extends string>(name: string, help: string, labelNames: Label[], buckets: number[]): Histogram<Label> {
    return (
      this.existing(name) ??
      new this.promClient.Histogram({ name: this.prefix + name, help, labelNames, buckets, registers: [this.registry] })
    );
  }

  private gauge<Label extends string>(
    name: string,
    help: string,
    labelNames: Label[],
    fill: (gauge: Gauge<Label>, reader: PipelineGaugeReader) => Promise<void>,
  ): void {
    if (this.existing(name)) return;
    const readers = this.readers;
    const gauge: Gauge<Label> = new this.promClient.Gauge({
      name: this.prefix + name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        gauge.reset();
        const reader = readers.at(-1);
        if (!reader) return;
        // A reading that fails shows as unknown (no sample, or NaN without labels) rather than an old value; the scrape goes on.
        await fill(gauge, reader).catch(() => {
          if (labelNames.length === 0) gauge.set(NaN);
        });
      },
    });
  }

  private existing<Metric>(name: string): Metric | undefined {
    return this.registry.getSingleMetric(this.prefix + name) as Metric | undefined;
  }
}
