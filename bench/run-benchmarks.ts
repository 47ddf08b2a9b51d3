// `npm run bench`: every scenario against its baseline, on this machine's Redis and a loopback sink
// process. Prints a table and writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { printTable, progress, ScenarioResult } from './lib/report';
import { cleanUpDeliveryShops } from './lib/shop';
import { startSink } from './lib/sink-client';
import { captureOverhead } from './scenarios/capture-overhead';
import { defaultDeployment } from './scenarios/default-deployment';
import { deliveryThroughput, fanOut } from './scenarios/delivery-throughput';
import { endToEndLatency } from './scenarios/end-to-end-latency';
import { kafkaThroughput } from './scenarios/kafka-throughput';
import { soak } from './scenarios/soak';
import { scaleOut, workerMemory } from './scenarios/worker-scaling';

type Scenario = (sink: Awaited<ReturnType<typeof startSink>>) => Promise<ScenarioResult>;

const SCENARIOS: Record<string, Scenario> = {
  'capture-overhead': captureOverhead,
  'delivery-throughput': deliveryThroughput,
  'fan-out': fanOut,
  'end-to-end-latency': endToEndLatency,
  memory: workerMemory,
  'scale-out': scaleOut,
  kafka: kafkaThroughput,
  'default-deployment': defaultDeployment,
};
/** Run only when named, and recorded in a file of their own: `npm run bench -- soak` (20 minutes, bench/results/soak.json). */
const ON_REQUEST: Record<string, Scenario> = { soak };

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const started = Date.now();
  const sink = await startSink();
  const results: ScenarioResult[] = [];
  try {
    const unknown = only.filter((name) => !(name in SCENARIOS) && !(name in ON_REQUEST));
    if (unknown.length > 0)
      throw new Error(`No scenario ${unknown.join(', ')}; known: ${[...Object.keys(SCENARIOS), ...Object.keys(ON_REQUEST)].join(', ')}`);
    for (const [name, scenario] of Object.entries({ ...SCENARIOS, ...ON_REQUEST })) {
      if (only.length > 0 ? !only.includes(name) : name in ON_REQUEST) continue;
      progress(`scenario ${name}`);
      await sink.reset();
      results.push(await scenario(sink));
    }
  } finally {
    await cleanUpDeliveryShops();
    await sink.stop();
  }
  printTable(results);
  const report = {
    ranAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    scenarios: results,
  };
  // A run of on-request scenarios alone leaves the latest run of the others as it was.
  const file = only.length > 0 && only.every((name) => name in ON_REQUEST) ? `${only.join('-')}.json` : 'latest.json';
  const directory = join(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, file), `${JSON.stringify(report, null, 2)}\n`);
  for (const result of results) if (result.notes) process.stdout.write(`${result.name}: ${result.notes}\n`);
  progress(`done in ${report.durationSeconds} s; results in bench/results/${file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
