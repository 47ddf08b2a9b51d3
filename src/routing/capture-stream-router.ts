import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { TrackingEventsModuleOptions } from '../../options';
import { LibraryRedis } from '../../queues/library-redis';
import { INTAKE_QUEUE } from '../../queues/queue-names';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';
import { TRACKING_EVENTS_OPTIONS } from '../../tracking-events.tokens';
import type { CapturedEvent } from '../captured-event';
import { intakeJobOf } from '../../queues/intake-job';
import { CAPTURE_STREAM_GROUP, CaptureStream, eventsOfEntry } from './capture-stream';

/** An entry read back after it was deleted has no fields. */
type StreamEntry = [id: string, fields: string[] | null];

/** Entries taken per read; each holds up to 500 events. */
const ENTRIES_PER_READ = 20;
/** How long a read waits for new entries: also the longest a shutdown waits for the relay. */
const READ_BLOCK_MS = 1_000;
/** How often, at most, a relay looks for entries a dead relay had taken. */
const MAX_CLAIM_INTERVAL_MS = 5_000;
/** A relay gone this long, with nothing left pending, is removed from the consumer group. */
const FORGET_CONSUMER_AFTER_MS = 3_600_000;
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * Moves captured events from the capture stream to the intake queue, in the worker processes. The
 * relays of all processes share a consumer group, so each entry goes to one of them; an entry is
 * removed from the stream only once its events are on the queue. An entry whose relay died before
 * that is taken over by another once it has been pending for the lock duration of jobs
 * (`reliability.lockDurationMs`); an event relayed twice is queued once (its job ID is its event ID).
 */
@Injectable()
export class CaptureStreamRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private readonly consumer = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly claimAfterMs: number;
  private connection?: Redis;
  private running?: Promise<void>;
  private groupJoined = false;
  private stopping = false;
  private failing = false;

  constructor(
    private readonly stream: CaptureStream,
    private readonly redis: LibraryRedis,
    @InjectQueue(INTAKE_QUEUE) private readonly intakeQueue: Queue,
    @Inject(TRACKING_EVENTS_OPTIONS) options: TrackingEventsModuleOptions,
  ) {
    this.claimAfterMs = options.reliability?.lockDurationMs ?? 30_000;
  }

  onApplicationBootstrap(): void {
    // Its reads block: the relay needs a connection of its own.
    this.connection = this.redis.open('capture-relay');
    this.running = this.run(this.connection);
  }

  /** Lets the batch in hand reach the intake queue, then stops; what is left is relayed by the others. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
    await this.connection?.quit().catch(() => undefined);
  }

  private async run(redis: Redis): Promise<void> {
    // After a start or a failure, the entries this relay read but did not finish come first.
    let ownPendingFirst = true;
    let nextClaimAt = 0;
    while (!this.stopping) {
      try {
        await this.joinGroup(redis);
        if (Date.now() >= nextClaimAt) {
          await this.relay(redis, await this.claimAbandoned(redis));
          nextClaimAt = Date.now() + Math.min(MAX_CLAIM_INTERVAL_MS, this.claimAfterMs);
        }
        const entries = await this.read(redis, ownPendingFirst ? '0' : '>');
        if (ownPendingFirst && entries.length === 0) ownPendingFirst = false;
        await this.relay(redis, entries);
        if (this.failing) this.logger.log('The capture stream is relayed to the intake queue again.');
        this.failing = false;
      } catch (error) {
        if (!this.failing) this.logger.warn(`Capture stream relay waits for Redis: ${(error as Error).message}`);
        this.failing = true;
        // The stream, and its group, may be gone with a Redis that restarted without persistence.
        this.groupJoined = false;
        ownPendingFirst = true;
        if (!this.stopping) await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_FAILURE_MS));
      }
    }
  }

  private async joinGroup(redis: Redis): Promise<void> {
    if (this.groupJoined) return;
    try {
      // From the stream's start: events captured before any relay ran are relayed too.
      await redis.xgroup('CREATE', this.stream.key, CAPTURE_STREAM_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error as Error).message.startsWith('BUSYGROUP')) throw error;
    }
    this.groupJoined = true;
  }

  private async read(redis: Redis, from: '0' | '>'): Promise<StreamEntry[]> {
    const { key } = this.stream;
    const answer = (
      from === '>'
        ? await redis.xreadgroup(
            'GROUP',
            CAPTURE_STREAM_GROUP,
            this.consumer,
            'COUNT',
            ENTRIES_PER_READ,
            'BLOCK',
            READ_BLOCK_MS,
            'STREAMS',
            key,
            from,
          )
        : // This relay's own pending entries are there already: no waiting for them.
          await redis.xreadgroup('GROUP', CAPTURE_STREAM_GROUP, this.consumer, 'COUNT', ENTRIES_PER_READ, 'STREAMS', key, from)
    ) as Array<[key: string, entries: StreamEntry[]]> | null;
    return answer?.[0]?.[1] ?? [];
  }

  /** Takes over the entries other relays have held for too long, and forgets relays long gone. */
  private async claimAbandoned(redis: Redis): Promise<StreamEntry[]> {
    const pending = (await redis.xpending(this.stream.key, CAPTURE_STREAM_GROUP, '-', '+', ENTRIES_PER_READ * 10)) as Array<
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
    if (claimed.length > 0) this.logger.warn(`Took over ${claimed.length} capture stream entries from a relay that stopped.`);
    // An entry deleted since it was read is claimed as null (Redis < 7).
    return claimed.filter((entry): entry is StreamEntry => entry !== null);
  }

  /** Queues the entries' events, then removes the entries from the stream. */
  private async relay(redis: Redis, entries: StreamEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const events: CapturedEvent[] = [];
    for (const [id, fields] of entries) {
      if (!fields) continue;
      try {
        events.push(...eventsOfEntry(fields));
      } catch (error) {
        // Only the library writes there; an unreadable entry is logged whole rather than retried forever.
        this.logger.error(
          `Capture stream entry ${id} is unreadable and is dropped (${(error as Error).message}): ${JSON.stringify(fields)}`,
        );
      }
    }
    for (let start = 0; start < events.length; start += 1000) {
      await this.intakeQueue.addBulk(events.slice(start, start + 1000).map(intakeJobOf));
    }
    const ids = entries.map(([id]) => id);
    const results = await redis
      .multi()
      .xack(this.stream.key, CAPTURE_STREAM_GROUP, ...ids)
      .xdel(this.stream.key, ...ids)
      .exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }
}

function pairs(fields: Array<string | number>): Array<[string, string | number]> {
  const result: Array<[string, string | number]> = [];
  for (let index = 0; index + 1 < fields.length; index += 2) result.push([String(fields[index]), fields[index + 1]]);
  return result;
}
