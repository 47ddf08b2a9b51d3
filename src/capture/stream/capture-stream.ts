import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { once } from 'node:events';
import { LibraryRedis } from '../../redis/library-redis';
import type { RedisClient } from '../../redis/redis-clients';
import { closeRedisConnection } from '../../redis/redis-connection';
import type { CapturedEvent } from '../../messages/captured-event';

/** The consumer group of the routers that take captured events from the stream, in the worker processes. */
export const CAPTURE_STREAM_GROUP = 'routers';
/** The field each captured event is kept in; an entry holds the events of one capture batch. */
export const CAPTURED_EVENT_FIELD = 'event';
/** Most events in one stream entry: a burst of captures becomes several entries of a bounded size. */
export const MAX_EVENTS_PER_ENTRY = 500;

/** The key of the capture stream, under the library's key prefix. */
export function captureStreamKey(libraryKeyPrefix: string): string {
  return `${libraryKeyPrefix}:captured`;
}

/**
 * The Redis stream captured events are appended to, the cheapest durable write Redis offers: one
 * `XADD` for all the events captured in the same turn of the event loop, where adding them to a
 * BullMQ queue would run a script per event inside the host's request. The worker processes route
 * them from there in batches (`CaptureStreamRouter`).
 */
@Injectable()
export class CaptureStream implements OnModuleInit, OnApplicationShutdown {
  readonly key: string;
  private producer?: RedisClient;

  constructor(private readonly redis: LibraryRedis) {
    this.key = captureStreamKey(redis.keyPrefix);
  }

  async onModuleInit(): Promise<void> {
    // Captures fail at once while Redis is away (no offline queue), so that they go to the outbox
    // table rather than wait; the connection is made now, so that the first capture finds it ready.
    const producer = (this.producer = this.redis.open('capture', { enableOfflineQueue: false }));
    await Promise.race([once(producer, 'ready').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
  }

  /** Resolves once Redis has the events (each as its JSON); rejects when it cannot take them. */
  async append(eventsJson: string[]): Promise<void> {
    if (!this.producer) throw new Error('the capture stream is not open yet');
    const appends: Promise<unknown>[] = [];
    for (let start = 0; start < eventsJson.length; start += MAX_EVENTS_PER_ENTRY) {
      const fields = eventsJson.slice(start, start + MAX_EVENTS_PER_ENTRY).flatMap((json) => [CAPTURED_EVENT_FIELD, json]);
      appends.push(this.producer.xadd(this.key, '*', ...fields));
    }
    await Promise.all(appends);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedisConnection(this.producer);
  }
}

/** The events of a stream entry's fields (`[field, value, field, value, ...]`). */
export function eventsOfEntry(fields: string[]): CapturedEvent[] {
  const events: CapturedEvent[] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] === CAPTURED_EVENT_FIELD) events.push(JSON.parse(fields[index + 1]) as CapturedEvent);
  }
  return events;
}
