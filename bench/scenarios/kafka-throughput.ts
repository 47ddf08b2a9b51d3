import { Kafka, logLevel } from 'kafkajs';
import { startKafkaMockCluster, type KafkaMockCluster } from '../../test/support/kafka-mock-cluster';
import { appendCapturedEvents, capturedEvents } from '../lib/backlog';
import { cpuTimeMs, startBenchScript, workerNodeOptions, type BenchProcess } from '../lib/processes';
import { progress, type ScenarioResult } from '../lib/report';
import { deliveryShop, startShop, type DeliveryShop } from '../lib/shop';
import type { Sink } from '../lib/sink-client';
import { median, round } from '../lib/stats';
import { CONCURRENCY, EVENTS } from './delivery-throughput';

const ROUNDS = 3;
const WARM_UP_EVENTS = 2_000;
const PLUGIN_TOPIC = 'bench-plugin';
const BASELINE_TOPIC = 'bench-baseline';

/** Records on a topic so far, from its partitions' high watermarks. */
type TopicCount = () => Promise<number>;

interface KafkaRun {
  recordsPerSecond: number;
  /** CPU time of the producing process per record, over the same span. */
  cpuMsPerRecord: number;
}

/**
 * Waits until `expected` more records are on the topic than `before`, polling every 20 ms; the rate
 * counts from the first new record to the last, so neither side's start-up is measured, and so does
 * the producing process's CPU time.
 */
async function measureRun(count: TopicCount, before: number, expected: number, pid: number): Promise<KafkaRun> {
  let first: { at: number; count: number; cpuMs: number } | undefined;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const now = await count();
    const at = Date.now();
    if (!first && now > before) first = { at, count: now, cpuMs: await cpuTimeMs(pid) };
    if (now - before >= expected) {
      const records = now - first!.count;
      return { recordsPerSecond: records / ((at - first!.at) / 1000), cpuMsPerRecord: ((await cpuTimeMs(pid)) - first!.cpuMs) / records };
    }
    if (at > deadline) throw new Error(`${now - before} of ${expected} records arrived within 300 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function pluginRun(shop: DeliveryShop, count: TopicCount, events: number): Promise<KafkaRun> {
  const before = await count();
  await appendCapturedEvents(shop.setup.queuePrefix, capturedEvents(events, shop.orders));
  const worker = await startShop(shop.setup, 'worker');
  try {
    return await measureRun(count, before, events, worker.pid);
  } finally {
    await worker.kill('SIGTERM');
  }
}

async function baselineRun(cluster: KafkaMockCluster, count: TopicCount, valueBytes: number): Promise<KafkaRun> {
  const before = await count();
  let producer: BenchProcess | undefined;
  try {
    producer = await startBenchScript(
      'kafka-baseline-producer',
      {
        BOOTSTRAP_SERVERS: cluster.bootstrapServers,
        TOPIC: BASELINE_TOPIC,
        RECORDS: String(EVENTS),
        CONCURRENCY: String(CONCURRENCY),
        VALUE_BYTES: String(valueBytes),
        NODE_OPTIONS: workerNodeOptions(),
      },
      /kafka baseline ready/,
    );
    return await measureRun(count, before, EVENTS, producer.pid);
  } finally {
    await producer?.stop();
  }
}

/**
 * 7. Kafka: the backlog of scenario 2 delivered by one worker to a Kafka topic (librdkafka's mock
 * cluster on loopback), first attempts batched into one produce call per DeliveryConfig, against a
 * bare kafkajs producer sending as many records of the same size, one `send` per record, with as
 * many sends in flight as the target's concurrency.
 */
export async function kafkaThroughput(_sink: Sink): Promise<ScenarioResult> {
  const cluster = await startKafkaMockCluster();
  const kafka = new Kafka({ brokers: [cluster.bootstrapServers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topicCount = (topic: string) => async () =>
      (await admin.fetchTopicOffsets(topic).catch(() => [])).reduce((total, partition) => total + Number(partition.high), 0);
    const shop = await deliveryShop(
      'kafka',
      '',
      ['Kafka'],
      { delivery: { targets: { Kafka: { concurrency: CONCURRENCY } } }, kafka: { securityProtocol: 'PLAINTEXT' } },
      { Kafka: { BootstrapServers: cluster.bootstrapServers, Topic: PLUGIN_TOPIC, SaslUsername: 'bench', SaslPassword: 'bench' } },
    );
    progress(`kafka: warming up with ${WARM_UP_EVENTS} events`);
    await pluginRun(shop, topicCount(PLUGIN_TOPIC), WARM_UP_EVENTS);
    const sample = await cluster.readTopic(PLUGIN_TOPIC, (messages) => messages.length >= 100);
    const valueBytes = Math.round(sample.reduce((total, message) => total + message.value!.length, 0) / sample.length);

    const plugin: KafkaRun[] = [];
    const baseline: KafkaRun[] = [];
    for (let n = 1; n <= ROUNDS; n++) {
      const sides = n % 2 ? (['plugin', 'baseline'] as const) : (['baseline', 'plugin'] as const);
      for (const side of sides) {
        const run =
          side === 'plugin'
            ? await pluginRun(shop, topicCount(PLUGIN_TOPIC), EVENTS)
            : await baselineRun(cluster, topicCount(BASELINE_TOPIC), valueBytes);
        (side === 'plugin' ? plugin : baseline).push(run);
        progress(
          `kafka round ${n}/${ROUNDS}, ${side}: ${Math.round(run.recordsPerSecond)} records/s, ${Math.round(run.cpuMsPerRecord * 1000)} µs CPU per record`,
        );
      }
    }
    const ratios = plugin.map((run, n) => run.recordsPerSecond / baseline[n].recordsPerSecond);
    const ratio = median(ratios);
    const medianOf = (runs: KafkaRun[], field: keyof KafkaRun) => median(runs.map((run) => run[field]));
    return {
      name: '7. Kafka delivery',
      rows: [
        {
          metric: 'records/s (median)',
          system: Math.round(medianOf(plugin, 'recordsPerSecond')),
          baseline: Math.round(medianOf(baseline, 'recordsPerSecond')),
          ratio: round(ratio, 3),
        },
        { metric: 'ratio in each round', system: ratios.map((value) => round(value, 3)).join(' '), baseline: '-' },
        {
          metric: 'producing process CPU ms per record (median)',
          system: round(medianOf(plugin, 'cpuMsPerRecord'), 4),
          baseline: round(medianOf(baseline, 'cpuMsPerRecord'), 4),
        },
        { metric: 'record value bytes (mean)', system: valueBytes, baseline: valueBytes },
      ],
      goal: 'ratio >= 2.0',
      met: ratio >= 2,
      notes:
        `${EVENTS} LineItemAdded events to one Kafka target (librdkafka's mock cluster through kcat, one broker, loopback), one worker process, ` +
        `concurrency ${CONCURRENCY}, first attempts batched per DeliveryConfig; the baseline: a bare kafkajs producer, one send per record, ` +
        `${CONCURRENCY} sends in flight, records of the plugin's mean value size; acks=all on both sides; records/s from the first new record ` +
        `on the topic to the last (the partitions' high watermarks, polled every 20 ms); ${ROUNDS} rounds, sides alternating; the ratio is the median of the rounds' ratios.`,
    };
  } finally {
    await admin.disconnect();
    await cluster.stop();
  }
}
