import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { RequestYielding } from '../capture/request-yielding';
import { resolvesWithin } from '../common/resolves-within';
import type { CapturedEvent } from '../messages/captured-event';
import { DeliveryFailedError } from '../delivery-targets/delivery-failed.error';
import { DELIVERY_TARGET_CLASSES, DeclaredTarget } from '../delivery-targets/delivery-target.registry';
import type { TrackingEventsSettings } from '../options';
import { IntakeProcessor } from '../routing/intake.processor';
import { RoutingChangeBus } from '../routing/routing-change-bus';
import { LibraryRedis } from '../redis/library-redis';
import { settleConnecting } from '../redis/redis-connection';
import { isTransientRedisError } from '../redis/transient-redis-error';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import type { DeliveryJobData, TargetJobData } from '../messages/delivery-job';
import { INTAKE_POLICY, ResolvedDeliveryPolicy, retryDelayOf } from '../options/delivery-policy';
import { DeliveryProcessor } from './delivery.processor';
import { INTAKE_QUEUE, targetQueueName } from '../queues/queue-names';
import { TargetJobFetching } from './target-job-fetching';

/**
 * Runs the workers of this process: one for the intake queue, one per target type. They start only
 * once the whole application is up (so that no job meets a half-built app) and, on shutdown, stop
 * taking jobs and let the ones in flight finish before the connections close.
 */
@Injectable()
export class PipelineWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private readonly workers: Worker[] = [];
  /** What the workers connect with (on a Redis Cluster, one cluster connection they share). */
  private connection?: ReturnType<LibraryRedis['bullMqConnection']>;

  constructor(
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
    @Inject(DELIVERY_TARGET_CLASSES) private readonly targets: DeclaredTarget[],
    private readonly intake: IntakeProcessor,
    private readonly deliveries: DeliveryProcessor,
    private readonly changeBus: RoutingChangeBus,
    private readonly yielding: RequestYielding,
    private readonly redis: LibraryRedis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.changeBus.listen();
    this.start(INTAKE_QUEUE, INTAKE_POLICY, (job: Job<CapturedEvent>) => this.intake.process(job.data));
    this.yielding.start();
    for (const { type } of this.targets) {
      const policy = this.settings.delivery.policyFor(type);
      const fetching = new TargetJobFetching(policy.concurrency);
      // Each attempt has its own timeout (a batch job makes many), counted once the job is no longer held back.
      this.start(
        targetQueueName(type),
        policy,
        (job: Job<TargetJobData>, token, cancel) =>
          fetching.track(job, async () => {
            await this.yielding.whenRoom(job.timestamp);
            return this.deliveries.process(job, token, cancel);
          }),
        fetching,
      );
    }
  }

  /**
   * Stops taking jobs and waits for the deliveries in flight, for the grace period at most: a job still
   * running then is left to another worker, which takes it over once its lock expires.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.yielding.stop();
    const graceMs = this.settings.reliability.shutdownGraceMs;
    await settleConnecting(this.workers);
    if (!(await resolvesWithin(Promise.all(this.workers.map((worker) => worker.close())), graceMs))) {
      this.logger.warn(`Deliveries still in flight after ${graceMs} ms of shutdown are left to another worker.`);
      await Promise.all(this.workers.map((worker) => worker.close(true)));
    }
  }

  private start<Data>(
    queueName: string,
    policy: ResolvedDeliveryPolicy,
    process: (job: Job<Data>, token: string | undefined, cancel: AbortSignal | undefined) => Promise<unknown>,
    fetching?: TargetJobFetching,
  ): void {
    const { reliability } = this.settings;
    this.connection ??= this.redis.bullMqConnection('workers', { maxRetriesPerRequest: null });
    const worker = new Worker<Data>(this.settings.keys.queueName(queueName), process, {
      // Workers block on Redis: ioredis must wait for it rather than fail their commands.
      connection: this.connection,
      prefix: this.settings.queuePrefix,
      concurrency: policy.concurrency,
      autorun: false,
      // A job whose worker died is taken over once its lock expires (at-least-once delivery).
      lockDuration: reliability.lockDurationMs,
      stalledInterval: reliability.stalledIntervalMs,
      maxStalledCount: reliability.maxStalledCount,
      settings: {
        // A delivery's own job counts the attempt its batch made before it.
        backoffStrategy: (attemptsMade, _type, error, job) =>
          retryDelayOf(
            policy,
            ((job?.data as DeliveryJobData | undefined)?.attemptsBefore ?? 0) + attemptsMade,
            error instanceof DeliveryFailedError ? error.retryAfterMs : undefined,
          ),
      },
    });
    worker.on('failed', (job, error) => {
      // A delivery's failed attempt was logged by the processor, with the delivery's fields.
      if (!job || 'deliveryId' in (job.data as object)) return;
      const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      // A delivery's own job counts the attempt its batch made before it.
      const before = (job.data as Partial<DeliveryJobData>).attemptsBefore ?? 0;
      const what = `${queueName} job ${job.id} (attempt ${before + job.attemptsMade} of ${before + (job.opts.attempts ?? 1)})`;
      if (final) this.logger.error(`${what} failed for good: ${error.message}`);
      else this.logger.warn(`${what} failed, will retry: ${error.message}`);
    });
    worker.on('error', (error) => {
      // A failover or a dropped connection is recovered by the client; only the rest needs an operator.
      if (isTransientRedisError(error)) this.logger.warn(`${queueName} worker: ${error.message}`);
      else this.logger.error(`${queueName} worker: ${error.message}`);
    });
    fetching?.attach(worker);
    this.workers.push(worker);
    void worker.run();
  }
}
