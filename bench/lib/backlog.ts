import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { v7 as timeOrderedUuid } from 'uuid';
import type { CapturedEvent } from '../../src';
import { CAPTURED_EVENT_FIELD, captureStreamKey, MAX_EVENTS_PER_ENTRY } from '../../src/capture/stream/capture-stream';
import { redisKeyLayout } from '../../src/options/redis-key-layout';
import type { BuyerOrders } from './shop';
import { REDIS_URL } from './shop';

/** The size of the baseline's bodies when no plugin message gave one: the reference, 2 KB. */
export const DEFAULT_BODY_BYTES = 2048;
const FILLER = 'Stoneware mug, 350 ml, dishwasher safe. ';

/** LineItemAdded events of the buyer's orders, in turn, as the capture path records them. */
export function capturedEvents(count: number, orders: BuyerOrders): CapturedEvent[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, n) => ({
    ID: timeOrderedUuid(),
    EventType: 'LineItemAdded',
    OccurredAt: new Date(now + n).toISOString(),
    Context: { ClientID: 'storefront', UserID: 'buyer01', Currency: 'USD', Language: 'en' },
    Subject: { OrderID: orders[n % orders.length].orderId, LineItem: orders[n % orders.length].line },
  }));
}

/** Appends events to a shop's capture stream, in entries of the size capture writes. */
export async function appendCapturedEvents(queuePrefix: string, events: CapturedEvent[]): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const key = captureStreamKey(redisKeyLayout(queuePrefix, false).libraryKeyPrefix);
    for (let start = 0; start < events.length; start += MAX_EVENTS_PER_ENTRY) {
      const fields = events.slice(start, start + MAX_EVENTS_PER_ENTRY).flatMap((event) => [CAPTURED_EVENT_FIELD, JSON.stringify(event)]);
      await redis.xadd(key, '*', ...fields);
    }
  } finally {
    redis.disconnect();
  }
}

/** A baseline body of `bytes` bytes (ASCII); `t`, the time it was made, lets the sink measure latency. */
export function baselineBody(n: number, t?: number, bytes = DEFAULT_BODY_BYTES): string {
  const body = (description: string) =>
    JSON.stringify({ ...(t === undefined ? {} : { t }), Headers: { n }, Payload: { Product: { Description: description } } });
  const padding = Math.max(0, bytes - body('').length);
  return body(FILLER.repeat(Math.ceil(padding / FILLER.length)).slice(0, padding));
}

const JOBS_PER_ADD = 1000;
/** Adds in flight at once: queueing a backlog is set-up, not measured, and Redis takes them faster together. */
const ADDS_AT_ONCE = 4;

/** Puts the same bodies on each of the baseline's queues. */
export async function queueBaselineJobs(queueNames: string[], prefix: string, count: number, bodyBytes?: number): Promise<void> {
  for (const name of queueNames) {
    const queue = new Queue(name, { connection: { url: REDIS_URL }, prefix });
    try {
      let next = 0;
      const adder = async () => {
        for (let start = next; start < count; start = next) {
          next += JOBS_PER_ADD;
          const size = Math.min(JOBS_PER_ADD, count - start);
          await queue.addBulk(
            Array.from({ length: size }, (_, n) => ({ name: 'post', data: { body: baselineBody(start + n, undefined, bodyBytes) } })),
          );
        }
      };
      await Promise.all(Array.from({ length: ADDS_AT_ONCE }, adder));
    } finally {
      await queue.close();
    }
  }
}
