// The producer of the latency benchmark: RATE events a second for SECONDS, each stamped with the time
// it was made. MODE=capture captures LineItemAdded events through the sample app's TrackingEventPublisher
// (the app's environment, without workers or an HTTP server) over the orders in ORDERS_FILE; MODE=queue adds a job per event to the
// baseline's bare queue, its body carrying `t`. Prints the count it produced, then exits.
import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { readSampleConfig } from '../sample-app/config/sample-config';
import { createSampleApp } from '../sample-app/create-sample-app';
import { TrackingEventPublisher } from '../src';
import { baselineBody } from './lib/backlog';
import type { BuyerOrders } from './lib/shop';

const rate = Number(process.env.RATE);
const seconds = Number(process.env.SECONDS);

async function main(): Promise<void> {
  const { produce, close } = process.env.MODE === 'capture' ? await captureProducer() : await queueProducer();
  const started = Date.now();
  const total = rate * seconds;
  const pending: Promise<unknown>[] = [];
  let made = 0;
  // Every 5 ms, what is due by now: the events of one tick are captured together, as concurrent requests would be.
  while (made < total) {
    const due = Math.min(total, Math.floor(((Date.now() - started) * rate) / 1000));
    for (; made < due; made++) pending.push(produce(made));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(pending);
  process.stdout.write(`produced ${made}\n`);
  await close();
}

async function captureProducer() {
  const app = await createSampleApp({ ...readSampleConfig(), runWorkers: false }, { logger: ['error'] });
  await app.init();
  const publisher = app.get(TrackingEventPublisher);
  const orders = JSON.parse(readFileSync(process.env.ORDERS_FILE!, 'utf8')) as BuyerOrders;
  return {
    produce: async (n: number) => {
      const { orderId, line } = orders[n % orders.length];
      const id = await publisher.publish(
        'LineItemAdded',
        { OrderID: orderId, LineItem: line },
        { context: { ClientID: 'storefront', UserID: 'buyer01' } },
      );
      if (!id) throw new Error('an event was not captured');
    },
    close: () => app.close(),
  };
}

async function queueProducer() {
  const queue = new Queue(process.env.BASELINE_QUEUE!, { connection: { url: process.env.REDIS_URL }, prefix: process.env.BASELINE_PREFIX });
  return {
    produce: (n: number) => queue.add('post', { body: baselineBody(n, Date.now()) }),
    close: () => queue.close(),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`Producer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
