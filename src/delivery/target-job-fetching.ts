import type { Job, Worker } from 'bullmq';
import { isDeliveryBatch, TargetJobData } from '../messages/delivery-job';

/**
 * Batches of one target type a process works on at once: one, and the next while the first one's
 * slowest deliveries finish.
 */
export const BATCHES_AT_ONCE = 2;
/**
 * Jobs a worker takes beyond those it works on: one on its way from Redis, and one more, so that a job
 * that completes fetches the next in the same call (BullMQ does that only while the worker is under
 * its concurrency; without it, a delayed job due meanwhile waited for the next poll of the queue).
 */
const FETCH_AHEAD = 2;

/**
 * How many jobs a target queue's worker takes from Redis. BullMQ takes jobs up to the worker's
 * concurrency (the target's attempts at once), which suits a delivery's own job (one attempt) but not a
 * batch job (up to 50 first attempts): a worker would hold dozens of batches, thousands of deliveries,
 * active in Redis (out of reach of the other processes, and held for the lock duration if it dies)
 * and in its heap, where they outlive the young generation and fill the old one, while it works on two.
 *
 * So the worker's concurrency follows what it holds: while it holds a batch job, or nothing, it takes
 * FETCH_AHEAD jobs ahead of those it works on, and none once it holds BATCHES_AT_ONCE batches (so
 * it holds one more at most); while it holds only own jobs, it takes them up to the target's concurrency.
 */
export class TargetJobFetching {
  private worker?: Pick<Worker, 'concurrency'>;
  private jobs = 0;
  private batches = 0;

  constructor(private readonly maxJobs: number) {}

  /** The worker whose concurrency this sets (it is made with the processor that calls `track`). */
  attach(worker: Pick<Worker, 'concurrency'>): void {
    this.worker = worker;
    this.adjust();
  }

  /**
   * Counts the job in while it is processed. `process` must be called synchronously from the worker's
   * processor: BullMQ decides whether to take another job right after starting this one.
   */
  async track<Result>(job: Job<TargetJobData>, process: () => Promise<Result>): Promise<Result> {
    const batch = isDeliveryBatch(job.data);
    this.jobs++;
    if (batch) this.batches++;
    this.adjust();
    try {
      return await process();
    } finally {
      this.jobs--;
      if (batch) this.batches--;
      this.adjust();
    }
  }

  private adjust(): void {
    if (!this.worker) return;
    let concurrency: number;
    if (this.batches >= BATCHES_AT_ONCE) concurrency = this.jobs;
    else if (this.batches > 0 || this.jobs === 0) concurrency = this.jobs + FETCH_AHEAD;
    else concurrency = this.maxJobs;
    this.worker.concurrency = Math.max(1, Math.min(this.maxJobs, concurrency));
  }
}
