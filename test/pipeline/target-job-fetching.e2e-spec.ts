import { Job, Queue, Worker } from 'bullmq';
import type { DeliveryJobData, TargetJobData } from '../../src/messages/delivery-job';
import { BATCHES_AT_ONCE, TargetJobFetching } from '../../src/delivery/target-job-fetching';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';
import { pause, waitFor } from '../support/wait-for';

const QUEUE = 'fetching';
const CONCURRENCY = 50;

function delivery(n: number): DeliveryJobData {
  return {
    deliveryId: `event-${n}-adds-Http`,
    eventId: `event-${n}`,
    trackingEventId: 'adds',
    deliveryConfigId: 'webhook',
    targetType: 'Http',
    message: {} as DeliveryJobData['message'],
  };
}

describe('TargetJobFetching: how many jobs a target queue worker takes from Redis', () => {
  const prefix = uniqueQueuePrefix();
  const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
  let queue: Queue<TargetJobData>;
  let worker: Worker<TargetJobData> | undefined;
  let started: number;
  let held: Promise<void>;
  let release: () => void;

  /** Jobs started from now on wait until released. */
  function hold(): void {
    held = new Promise<void>((resolve) => (release = resolve));
  }

  /** A worker at the target's concurrency whose jobs wait while held. */
  function startWorker(): void {
    const fetching = new TargetJobFetching(CONCURRENCY);
    worker = new Worker<TargetJobData>(
      QUEUE,
      (job: Job<TargetJobData>) =>
        fetching.track(job, async () => {
          started++;
          await held;
        }),
      { connection, prefix, concurrency: CONCURRENCY, autorun: false },
    );
    fetching.attach(worker);
    void worker.run();
  }

  beforeEach(async () => {
    started = 0;
    hold();
    queue = new Queue<TargetJobData>(QUEUE, { connection, prefix });
    await queue.obliterate({ force: true });
  });

  afterEach(async () => {
    release();
    await worker?.close();
    await queue.close();
  });

  afterAll(() => deleteQueueKeys(prefix));

  it('takes batch jobs a couple at a time, leaving the rest of a backlog in the queue for other processes', async () => {
    await queue.addBulk(Array.from({ length: 20 }, (_, n) => ({ name: 'deliveries', data: { deliveries: [delivery(n)] } })));
    startWorker();
    await waitFor('the first batches to start', () => started >= BATCHES_AT_ONCE);
    await pause(300);
    // BullMQ alone would take all 20 (its concurrency being 50).
    expect(await queue.getActiveCount()).toBeLessThanOrEqual(BATCHES_AT_ONCE + 1);
    expect(await queue.getWaitingCount()).toBeGreaterThanOrEqual(20 - BATCHES_AT_ONCE - 1);
    release();
    await waitFor('the whole backlog', async () => (await queue.getCompletedCount()) === 20);
  });

  it("takes deliveries' own jobs up to the target's concurrency", async () => {
    await queue.addBulk(Array.from({ length: 20 }, (_, n) => ({ name: 'delivery', data: delivery(n) })));
    startWorker();
    await waitFor('all own jobs to run at once', () => started === 20);
    release();
    await waitFor('all own jobs', async () => (await queue.getCompletedCount()) === 20);
  });

  it('takes own jobs at full concurrency again once a batch backlog is done', async () => {
    await queue.addBulk(Array.from({ length: 4 }, (_, n) => ({ name: 'deliveries', data: { deliveries: [delivery(n)] } })));
    startWorker();
    await waitFor('the first batches to start', () => started >= BATCHES_AT_ONCE);
    release();
    await waitFor('the batches', async () => (await queue.getCompletedCount()) === 4);
    hold();
    await queue.addBulk(Array.from({ length: 20 }, (_, n) => ({ name: 'delivery', data: delivery(100 + n) })));
    await waitFor('all own jobs to run at once', () => started === 24);
    release();
    await waitFor('the own jobs', async () => (await queue.getCompletedCount()) === 24);
  });
});
