import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { DataSource, type DeleteResult, type FindOptionsWhere, In, MoreThan, type ObjectLiteral, type Repository } from 'typeorm';
import { OutboxEventEntity } from '../../capture/outbox/outbox-event.entity';
import { CAPTURED_EVENT_FIELD, CaptureStream } from '../../capture/stream/capture-stream';
import { fitToColumn, withConnectionTurn } from '../../common/database';
import { IdentityLinksService } from '../../identity/identity-links.service';
import { InvalidIdentityError } from '../../identity/invalid-identity.error';
import type { CapturedEvent } from '../../messages/captured-event';
import { isDeliveryBatch, type TargetJobData } from '../../messages/delivery-job';
import { INTAKE_QUEUE } from '../../queues/queue-names';
import { TargetQueues } from '../../queues/target-queues';
import { LibraryRedis } from '../../redis/library-redis';
import { isCluster, mastersOf } from '../../redis/redis-clients';
import { TRACKING_EVENTS_DATA_SOURCE } from '../../tracking-events.tokens';
import { DeadLetterEntity } from '../dead-letters/dead-letter.entity';
import { DeliveryAttemptEntity } from '../delivery-log/delivery-attempt.entity';
import { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import { UserDataOwner } from './user-data-owner';

/** Rows read from a table at a time. */
const ROWS_PER_PAGE = 500;
/** Capture stream entries read at a time (each holds up to 500 events). */
const ENTRIES_PER_PAGE = 50;
/** The `COUNT` hint of each SCAN over the queues' keys. */
const KEYS_PER_SCAN = 500;
/** Jobs whose data is read at a time: a batch job holds up to 50 messages. */
const JOBS_PER_READ = 20;

/** What `forgetUser` erased, place by place. @publicApi */
export interface UserErasureReport {
  /** Identity links deleted: the user's, and other users' links to the same anonymous IDs. */
  IdentityLinks: number;
  /** Captured events deleted from the outbox table. */
  OutboxEvents: number;
  /** Captured events deleted from the capture stream. */
  CapturedEvents: number;
  /** Jobs deleted from the intake and target queues (waiting, delayed, failed or completed). */
  Jobs: number;
  /** The user's deliveries taken out of batch jobs that also hold other users' deliveries. */
  BatchedDeliveries: number;
  /** Dead letters deleted. */
  DeadLetters: number;
  /** Delivery log rows deleted. */
  DeliveryAttempts: number;
  /**
   * Jobs with the user's data that a worker was processing at that moment: they cannot be recalled, and
   * their deliveries may still reach the targets (and their attempts the delivery log).
   */
  JobsInProgress: number;
}

/**
 * Erases a user from everything the library keeps: identity links, the outbox, the capture stream,
 * the intake and target queues, dead letters and the delivery log. What was already delivered is the
 * targets' to erase.
 * @publicApi
 */
@Injectable()
export class UserErasureService {
  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly identityLinks: IdentityLinksService,
    private readonly redis: LibraryRedis,
    private readonly captureStream: CaptureStream,
    private readonly targetQueues: TargetQueues,
    @InjectQueue(INTAKE_QUEUE) private readonly intakeQueue: Queue,
    private readonly deliveryLog: DeliveryLogWriter,
  ) {}

  /**
   * Erases the user's data: the events and messages of the user's ID and of the anonymous IDs the user
   * was linked to, and the links themselves. Each place is read a page at a time, upstream first (the
   * outbox, the stream, the queues, then dead letters and the delivery log), so that data moving on
   * while it runs is met further down. Jobs being processed at that moment are counted, not recalled.
   * Safe to call again: a second call finds what a first one could not reach.
   */
  async forgetUser(userId: string): Promise<UserErasureReport> {
    if (typeof userId !== 'string' || userId.length === 0 || userId.includes('\0')) {
      throw new InvalidIdentityError('userId must be a non-empty string without the NUL character.');
    }
    // The links go first, so that events hydrated from now on no longer carry the user's anonymous ID.
    const { anonymousIds, deleted } = await this.identityLinks.unlinkUser(userId);
    const owner = new UserDataOwner(userId, anonymousIds);
    // Delivery log rows name the user or the anonymous ID the message had; rows with neither are found by event.
    const erasedEventIds = new Set<string>();
    const OutboxEvents = await this.eraseOutbox(owner, erasedEventIds);
    const CapturedEvents = await this.eraseCaptureStream(owner, erasedEventIds);
    const jobs = await this.eraseJobs(owner, erasedEventIds);
    const DeadLetters = await this.eraseDeadLetters(owner, erasedEventIds);
    const DeliveryAttempts = await this.eraseDeliveryLog(userId, anonymousIds, erasedEventIds);
    return { IdentityLinks: deleted, OutboxEvents, CapturedEvents, ...jobs, DeadLetters, DeliveryAttempts };
  }

  private async eraseOutbox(owner: UserDataOwner, erasedEventIds: Set<string>): Promise<number> {
    return this.erasePaged(this.dataSource.getRepository(OutboxEventEntity), 'eventId', (row) => {
      if (!owner.ownsEvent(row.event)) return false;
      erasedEventIds.add(row.eventId);
      return true;
    });
  }

  private async eraseDeadLetters(owner: UserDataOwner, erasedEventIds: Set<string>): Promise<number> {
    return this.erasePaged(this.dataSource.getRepository(DeadLetterEntity), 'deliveryId', (letter) => {
      if (!owner.ownsMessage(letter.message)) return false;
      erasedEventIds.add(letter.eventId);
      return true;
    });
  }

  /** Deletes the rows `owned` picks, reading the table a page at a time in the order of its primary key. */
  private async erasePaged<Row extends ObjectLiteral, Key extends keyof Row & string>(
    repository: Repository<Row>,
    key: Key,
    owned: (row: Row) => boolean,
  ): Promise<number> {
    let erased = 0;
    let after: Row[Key] | undefined;
    for (;;) {
      const rows = await repository.find({
        where: (after === undefined ? {} : { [key]: MoreThan(after) }) as never,
        order: { [key]: 'ASC' } as never,
        take: ROWS_PER_PAGE,
      });
      const ids = rows.filter(owned).map((row) => row[key]);
      if (ids.length > 0) erased += (await this.delete(repository, { [key]: In(ids) } as never)) ?? ids.length;
      if (rows.length < ROWS_PER_PAGE) return erased;
      after = rows[rows.length - 1][key];
    }
  }

  /**
   * Deletes the user's events from the capture stream. An entry holds the events of one capture flush,
   * other users' too: those are appended again, in an entry of their own, in the same transaction.
   */
  private async eraseCaptureStream(owner: UserDataOwner, erasedEventIds: Set<string>): Promise<number> {
    const { key } = this.captureStream;
    const redis = this.redis.client;
    let erased = 0;
    let start = '-';
    for (;;) {
      const page = (await redis.xrange(key, start, '+', 'COUNT', ENTRIES_PER_PAGE)) as Array<[id: string, fields: string[]]>;
      // Each page starts at the last entry of the one before (an exclusive start needs Redis 6.2).
      for (const [id, fields] of page) {
        if (id === start) continue;
        const kept: string[] = [];
        const owned: CapturedEvent[] = [];
        for (let index = 0; index + 1 < fields.length; index += 2) {
          const event = capturedEventOf(fields[index], fields[index + 1]);
          if (event && owner.ownsEvent(event)) owned.push(event);
          else kept.push(fields[index], fields[index + 1]);
        }
        if (owned.length === 0) continue;
        const transaction = redis.multi();
        if (kept.length > 0) transaction.xadd(key, '*', ...kept);
        const failure = (await transaction.xdel(key, id).exec())?.find(([error]) => error)?.[0];
        if (failure) throw failure;
        owned.forEach((event) => erasedEventIds.add(event.ID));
        erased += owned.length;
      }
      if (page.length < ENTRIES_PER_PAGE) return erased;
      start = page[page.length - 1][0];
    }
  }

  /**
   * Deletes the user's jobs from every queue, whatever their state but active: intake jobs of the
   * user's events, deliveries' own jobs of the user's messages, and batch jobs — of which a batch
   * holding other users' deliveries too keeps those. The queues' keys are read with SCAN.
   */
  private async eraseJobs(
    owner: UserDataOwner,
    erasedEventIds: Set<string>,
  ): Promise<Pick<UserErasureReport, 'Jobs' | 'BatchedDeliveries' | 'JobsInProgress'>> {
    const counts = { Jobs: 0, BatchedDeliveries: 0, JobsInProgress: 0 };
    const queues = [this.intakeQueue, ...this.targetQueues.all()].map((queue) => ({ queue, keyPrefix: `${queue.qualifiedName}:` }));
    const pattern = `${escapeGlob(commonPrefix(queues.map(({ keyPrefix }) => keyPrefix)))}*`;
    const handled = new Set<string>();
    // A cluster's keys are spread over its masters: each is scanned, and its keys read from it.
    const client = this.redis.client;
    if (isCluster(client) && client.status !== 'ready') await client.ping();
    for (const redis of mastersOf(client)) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', KEYS_PER_SCAN);
        cursor = next;
        for (let start = 0; start < keys.length; start += JOBS_PER_READ) {
          const group = keys.slice(start, start + JOBS_PER_READ);
          // A queue's other keys answer no `data` (its meta hash) or a type error (its lists, sets, streams, locks).
          const data = (await redis.pipeline(group.map((jobKey) => ['hget', jobKey, 'data'])).exec()) ?? [];
          for (const [index, jobKey] of group.entries()) {
            const [error, json] = data[index] ?? [];
            // SCAN may return a key twice.
            if (error || typeof json !== 'string' || handled.has(jobKey)) continue;
            const found = queues.find(({ keyPrefix }) => jobKey.startsWith(keyPrefix));
            const parsed = parseJson(json);
            if (!found || parsed === undefined) continue;
            const jobId = jobKey.slice(found.keyPrefix.length);
            const outcome =
              found.queue === this.intakeQueue
                ? await this.eraseIntakeJob(found.queue, jobId, parsed as CapturedEvent, owner, erasedEventIds)
                : await this.eraseTargetJob(found.queue, jobId, parsed as TargetJobData, owner, erasedEventIds);
            if (outcome !== 'none') handled.add(jobKey);
            if (outcome === 'removed') counts.Jobs++;
            else if (outcome === 'in-progress') counts.JobsInProgress++;
            else if (typeof outcome === 'number') counts.BatchedDeliveries += outcome;
          }
        }
      } while (cursor !== '0');
    }
    return counts;
  }

  private async eraseIntakeJob(
    queue: Queue,
    jobId: string,
    event: CapturedEvent,
    owner: UserDataOwner,
    erasedEventIds: Set<string>,
  ): Promise<JobErasure> {
    if (!owner.ownsEvent(event)) return 'none';
    erasedEventIds.add(event.ID);
    return removeJob(queue, jobId);
  }

  /** A target job: removed when all its deliveries are the user's; a batch with others' keeps those. */
  private async eraseTargetJob(
    queue: Queue,
    jobId: string,
    data: TargetJobData,
    owner: UserDataOwner,
    erasedEventIds: Set<string>,
  ): Promise<JobErasure> {
    const deliveries = isDeliveryBatch(data) ? data.deliveries : [data];
    const owned = deliveries.filter((delivery) => owner.ownsMessage(delivery.message));
    if (owned.length === 0) return 'none';
    owned.forEach((delivery) => erasedEventIds.add(delivery.eventId));
    if (owned.length === deliveries.length) return removeJob(queue, jobId);
    // A batch already taken by a worker keeps its data: the worker holds it in memory anyway.
    if ((await queue.getJobState(jobId)) === 'active') return 'in-progress';
    const job = await Job.fromId<TargetJobData>(queue, jobId);
    if (!job) return 'none';
    await job.updateData({ deliveries: deliveries.filter((delivery) => !owned.includes(delivery)) });
    return owned.length;
  }

  /**
   * Deletes the user's delivery log rows (by user ID, anonymous ID or erased event), those written by
   * this process but still buffered too.
   */
  private async eraseDeliveryLog(userId: string, anonymousIds: string[], erasedEventIds: Set<string>): Promise<number> {
    await this.deliveryLog.flush();
    const repository = this.dataSource.getRepository(DeliveryAttemptEntity);
    // The log stores an ID fitted to its column (cut at 100 characters): a longer ID is looked for as stored too.
    const asStored = (property: 'userId' | 'anonymousId', ids: string[]) => {
      const column = repository.metadata.findColumnWithPropertyName(property)!;
      return [...new Set(ids.flatMap((id) => [id, fitToColumn(id, column) as string]))];
    };
    let erased = 0;
    for (const [column, values] of [
      ['userId', asStored('userId', [userId])],
      ['anonymousId', asStored('anonymousId', anonymousIds)],
      ['eventId', [...erasedEventIds]],
    ] as const) {
      for (let start = 0; start < values.length; start += ROWS_PER_PAGE) {
        erased += (await this.delete(repository, { [column]: In(values.slice(start, start + ROWS_PER_PAGE)) })) ?? 0;
      }
    }
    return erased;
  }

  /** Resolves to how many rows were deleted, where the database says. */
  private async delete<Row extends ObjectLiteral>(
    repository: Repository<Row>,
    conditions: FindOptionsWhere<Row>,
  ): Promise<DeleteResult['affected']> {
    // In a turn of its own: on SQLite, a host transaction rolled back meanwhile would bring the rows back.
    return (await withConnectionTurn(this.dataSource, () => repository.delete(conditions))).affected;
  }
}

/** What became of a job: removed, left to the worker processing it, not the user's, or the number of the user's deliveries taken out of a batch. */
type JobErasure = 'removed' | 'in-progress' | 'none' | number;

/** BullMQ removes any job but an active one (it answers 0 for those). */
async function removeJob(queue: Queue, jobId: string): Promise<JobErasure> {
  return (await queue.remove(jobId)) === 1 ? 'removed' : 'in-progress';
}

function capturedEventOf(field: string, value: string): CapturedEvent | undefined {
  return field === CAPTURED_EVENT_FIELD ? (parseJson(value) as CapturedEvent | undefined) : undefined;
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    // Only the library writes there; what it cannot read holds no message to erase.
    return undefined;
  }
}

function commonPrefix(texts: string[]): string {
  let prefix = texts[0] ?? '';
  for (const text of texts) while (!text.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** A literal text in a SCAN pattern. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
