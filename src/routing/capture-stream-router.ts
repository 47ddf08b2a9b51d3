import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errorMessage } from '../common/errors/error-message';
import type { CapturedEvent } from '../messages/captured-event';
import { RequestYielding } from '../capture/request-yielding';
import { CAPTURE_STREAM_GROUP, CaptureStream, eventsOfEntry } from '../capture/stream/capture-stream';
import type { TrackingEventsSettings } from '../options';
import { intakeJobOf } from '../queues/intake-queue';
import { LibraryRedis } from '../redis/library-redis';
import { isCluster, type RedisClient } from '../redis/redis-clients';
import { closeRedisConnection } from '../redis/redis-connection';
import { INTAKE_QUEUE } from '../queues/queue-names';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { EventClaims } from './event-claims';
import { EventRouter } from './event-router';

/** An entry read back after it was deleted has no fields. */
export type StreamEntry = [id: string, fields: string[] | null];

/** When Redis added a stream entry: its ID is `<ms>-<sequence>`. */
export function entryTimeMs(entryId: string): number {
  return Number(entryId.slice(0, entryId.indexOf('-')));
}

/** Events routed together (whole entries: a batch may end a little over it). */
const EVENTS_PER_BATCH = 500;
/**
 * Most entries taken per read. An entry holds the events of one capture flush, from one to 500: each
 * read asks for about a batch's worth of events, by the size of the entries read last, because what
 * is read stays in memory until it is all routed (and, kept that long, ends up in the old generation).
 */
const MAX_ENTRIES_PER_READ = 20;
/** How long a read waits for new entries (a shutdown ends the wait at once). */
const READ_BLOCK_MS = 1_000;
/** How often, at most, a relay looks for entries a dead relay had taken. */
const MAX_CLAIM_INTERVAL_MS = 5_000;
/** A relay gone this long, with nothing left pending, is removed from the consumer group. */
const FORGET_CONSUMER_AFTER_MS = 3_600_000;
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * Routes the events of the capture stream, in the worker processes, a batch at a time: their
 * deliveries go to the target queues in batch jobs, and the few events that cannot be routed at once
 * (their data or the routing table cannot be read) to the intake queue, which retries each on its
 * own. The routers of all processes share a consumer group, so each entry goes to one of them; an
 * entry is removed from the stream only once its events are queued. An entry whose router died before
 * that is taken over by another once it has been pending for the lock duration of jobs
 * (`reliability.lockDurationMs`); routed again, it queues nothing twice (its batch jobs' IDs derive
 * from its own), and an event that reached the stream twice is routed once (EventClaims).
 */
@Injectable()
export class CaptureStreamRouter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private readonly consumer = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly claimAfterMs: number;
  private readonly jobRetention: TrackingEventsSettings['jobRetention'];
  private connection?: RedisClient;
  /** Redis's ID of that connection (a new one each time it connects), to end its blocking read at shutdown. */
  private readerClientId?: number;
  private running?: Promise<void>;
  private groupJoined = false;
  private stopping = false;
  private failing = false;
  private entriesPerRead = MAX_ENTRIES_PER_READ;

  constructor(
    private readonly stream: CaptureStream,
    private readonly redis: LibraryRedis,
    private readonly claims: EventClaims,
    private readonly router: EventRouter,
    @InjectQueue(INTAKE_QUEUE) private readonly intakeQueue: Queue,
    private readonly yielding: RequestYielding,
    @Inject(TRACKING_EVENTS_SETTINGS) settings: TrackingEventsSettings,
  ) {
    this.claimAfterMs = settings.reliability.lockDurationMs;
    this.jobRetention = settings.jobRetention;
  }

  onApplicationBootstrap(): void {
    // Its reads block: the router needs a connection of its own.
    const connection = (this.connection = this.redis.open('capture-router'));
    // On a cluster, CLIENT ID and UNBLOCK would go to any node, not the stream's: the read just times out.
    if (!isCluster(connection))
      connection.on('ready', () => {
        connection.client('ID').then(
          (id) => (this.readerClientId = Number(id)),
          () => (this.readerClientId = undefined),
        );
      });
    this.running = this.run(connection);
  }

  /** Lets the batch in hand reach the queues, then stops; what is left is routed by the others. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // Entries held back for the shop's requests are routed now.
    this.yielding.stop();
    // A read waiting for new entries ends now, as if it had timed out, instead of up to READ_BLOCK_MS later.
    if (this.readerClientId !== undefined) await this.redis.client.client('UNBLOCK', this.readerClientId).catch(() => undefined);
    await this.running;
    await closeRedisConnection(this.connection);
  }

  private async run(redis: RedisClient): Promise<void> {
    // After a start or a failure, the entries this router read but did not finish come first.
    let ownPendingFirst = true;
    let nextClaimAt = 0;
    while (!this.stopping) {
      try {
        await this.joinGroup(redis);
        if (Date.now() >= nextClaimAt) {
          await this.routeEntries(redis, await this.claimAbandoned(redis));
          nextClaimAt = Date.now() + Math.min(MAX_CLAIM_INTERVAL_MS, this.claimAfterMs);
        }
        const entries = await this.read(redis, ownPendingFirst ? '0' : '>');
        if (ownPendingFirst && entries.length === 0) ownPendingFirst = false;
        // Routing and hydration wait while the process's requests keep its event loop busy; not so long that
        // another router would take the entries over.
        if (entries.length > 0) await this.yielding.whenRoom(entryTimeMs(entries[0][0]), this.claimAfterMs / 2);
        await this.routeEntries(redis, entries);
        if (this.failing) this.logger.log('The capture stream is routed again.');
        this.failing = false;
      } catch (error) {
        if (!this.failing) this.logger.warn(`Routing of the capture stream waits for Redis: ${(error as Error).message}`);
        this.failing = true;
        // The stream, and its group, may be gone with a Redis that restarted without persistence.
        this.groupJoined = false;
        ownPendingFirst = true;
        if (!this.stopping) await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_FAILURE_MS));
      }
    }
  }

  private async joinGroup(redis: RedisClient): Promise<void> {
    if (this.groupJoined) return;
    try {
      // From the stream's start: events captured before any router ran are routed too.
      await redis.xgroup('CREATE', this.stream.key, CAPTURE_STREAM_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error as Error).message.startsWith('BUSYGROUP')) throw error;
    }
    this.groupJoined = true;
  }

  private async read(redis: RedisClient, from: '0' | '>'): Promise<StreamEntry[]> {
    if (this.stopping) return [];
    const { key } = this.stream;
    const count = this.entriesPerRead;
    const answer = (
      from === '>'
        ? await redis.xreadgroup('GROUP', CAPTURE_STREAM_GROUP, this.consumer, 'COUNT', count, 'BLOCK', READ_BLOCK_MS, 'STREAMS', key, from)
        : // This relay's own pending entries are there already: no waiting for them.
          await redis.xreadgroup('GROUP', CAPTURE_STREAM_GROUP, this.consumer, 'COUNT', count, 'STREAMS', key, from)
    ) as Array<[key: string, entries: StreamEntry[]]> | null;
    const entries = answer?.[0]?.[1] ?? [];
    if (entries.length > 0) this.entriesPerRead = entriesToReadAfter(entries);
    return entries;
  }

  /** Takes over the entries other routers have held for too long, and forgets routers long gone. */
  private async claimAbandoned(redis: RedisClient): Promise<StreamEntry[]> {
    const pending = (await redis.xpending(this.stream.key, CAPTURE_STREAM_GROUP, '-', '+', MAX_ENTRIES_PER_READ * 10)) as Array<
      [id: string, consumer: string, idleMs: number, deliveries: number]
    >;
    const abandoned = pending.filter(([, consumer, idleMs]) => consumer !== this.consumer && idleMs >= this.claimAfterMs).map(([id]) => id);
    const claimed =
      abandoned.length > 0
        ? ((await redis.xclaim(
            this.stream.key,
            CAPTURE_STREAM_GROUP,
            this.consumer,
            this.claimAfterMs,
            ...abandoned,
          )) as Array<StreamEntry | null>)
        : [];
    const consumers = (await redis.xinfo('CONSUMERS', this.stream.key, CAPTURE_STREAM_GROUP)) as Array<Array<string | number>>;
    for (const fields of consumers) {
      const consumer = Object.fromEntries(pairs(fields)) as { name: string; pending: number; idle: number };
      if (consumer.name !== this.consumer && consumer.pending === 0 && consumer.idle > FORGET_CONSUMER_AFTER_MS) {
        await redis.xgroup('DELCONSUMER', this.stream.key, CAPTURE_STREAM_GROUP, consumer.name);
      }
    }
    if (claimed.length > 0) this.logger.warn(`Took over ${claimed.length} capture stream entries from a router that stopped.`);
    // An entry deleted since it was read is claimed as null (Redis < 7).
    return claimed.filter((entry): entry is StreamEntry => entry !== null);
  }

  /** Routes the entries' events, a batch of whole entries at a time, and removes each batch's entries once queued. */
  private async routeEntries(redis: RedisClient, entries: StreamEntry[]): Promise<void> {
    let batch: Array<{ entryId: string; events: CapturedEvent[] }> = [];
    let size = 0;
    for (const [entryId, fields] of entries) {
      const events = fields ? this.eventsOf(entryId, fields) : [];
      batch.push({ entryId, events });
      size += events.length;
      if (size >= EVENTS_PER_BATCH) {
        await this.routeBatch(redis, batch);
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) await this.routeBatch(redis, batch);
  }

  private async routeBatch(redis: RedisClient, batch: Array<{ entryId: string; events: CapturedEvent[] }>): Promise<void> {
    const events = await this.claims.claim(batch.flatMap(({ entryId, events }) => events.map((event) => ({ event, entryId }))));
    // Derived from the entries, so that routing them again (after a crash) queues the same batch jobs.
    const batchKey = `${batch[0].entryId}_${batch[batch.length - 1].entryId}`;
    const { failures } = await this.router.routeAndQueue(events, batchKey);
    if (failures.length > 0) {
      await this.intakeQueue.addBulk(failures.map(({ event }) => intakeJobOf(event, this.jobRetention)));
      this.logger.warn(
        `${failures.length} event(s) could not be routed at once (${errorMessage(failures[0].error)}); the intake queue retries them.`,
      );
    }
    const ids = batch.map(({ entryId }) => entryId);
    const results = await redis
      .multi()
      .xack(this.stream.key, CAPTURE_STREAM_GROUP, ...ids)
      .xdel(this.stream.key, ...ids)
      .exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  private eventsOf(entryId: string, fields: string[]): CapturedEvent[] {
    try {
      return eventsOfEntry(fields);
    } catch (error) {
      // Only the library writes there; an unreadable entry is logged whole rather than retried forever.
      this.logger.error(`Capture stream entry ${entryId} is unreadable and is dropped (${errorMessage(error)}): ${JSON.stringify(fields)}`);
      return [];
    }
  }
}

/** How many entries the next read asks for: about a batch's worth of events, by the size of the entries just read. */
export function entriesToReadAfter(entries: StreamEntry[]): number {
  // An entry's fields are two per event.
  const eventsPerEntry = entries.reduce((sum, [, fields]) => sum + (fields?.length ?? 0), 0) / 2 / entries.length;
  return Math.max(1, Math.min(MAX_ENTRIES_PER_READ, Math.round(EVENTS_PER_BATCH / Math.max(1, eventsPerEntry))));
}

function pairs(fields: Array<string | number>): Array<[string, string | number]> {
  const result: Array<[string, string | number]> = [];
  for (let index = 0; index + 1 < fields.length; index += 2) result.push([String(fields[index]), fields[index + 1]]);
  return result;
}
