// The baseline of the delivery benchmarks: bare BullMQ workers that POST each job's body to the sink
// with undici, nothing else: no routing, hydration, signing, mapping or logging. One worker per
// queue named in BASELINE_QUEUES, as the plugin has one per target type.
import { Worker } from 'bullmq';
import { Agent, request } from 'undici';

const sinkUrl = process.env.SINK_URL!;
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

const workers = process.env.BASELINE_QUEUES!.split(',').map(
  (queueName) =>
    new Worker<{ body: string }>(
      queueName,
      async (job) => {
        const response = await request(sinkUrl, {
          method: 'POST',
          body: job.data.body,
          headers: { 'content-type': 'application/json' },
          dispatcher: agent,
        });
        await response.body.dump();
        if (response.statusCode >= 300) throw new Error(`sink answered ${response.statusCode}`);
      },
      {
        connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: null },
        prefix: process.env.BASELINE_PREFIX,
        concurrency: Number(process.env.CONCURRENCY ?? 50),
        removeOnComplete: { count: 1000 },
      },
    ),
);
void Promise.all(workers.map((worker) => worker.waitUntilReady())).then(() => process.stdout.write('baseline worker ready\n'));
process.on('SIGTERM', () => void Promise.all(workers.map((worker) => worker.close())).then(() => process.exit(0)));
