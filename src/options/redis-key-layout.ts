import { InvalidTrackingEventsOptionError } from './invalid-tracking-events-option.error';

/** The hash tag the library's own keys share on a Redis Cluster when the queue prefix holds none. */
const LIBRARY_KEYS_TAG = '{tracking-events}';

/**
 * Where the library's keys live. On a single Redis: `<queuePrefix>:<queue>:…` for each BullMQ queue and
 * `<queuePrefix>:tracking-events:…` for the library's own keys (capture stream, claims, circuits).
 *
 * A Redis Cluster needs every key a script or transaction touches in one hash slot: all the keys of one
 * BullMQ queue, and the library's claim keys together. Unless the host's prefix holds a hash tag of its
 * own (`{shop}`: everything in one slot), each queue's name is hash-tagged (`{tracking-events-target-http}`)
 * so that each queue has a slot of its own and the target types spread over the masters, and the
 * library's own keys share the tag `{tracking-events}`.
 */
export interface RedisKeyLayout {
  queuePrefix: string;
  /** Prefix of the library's own keys, without the trailing `:`. */
  libraryKeyPrefix: string;
  /** The name BullMQ knows a queue by in Redis, from the library's name for it (`INTAKE_QUEUE`, `targetQueueName()`). */
  queueName(name: string): string;
}

export function redisKeyLayout(queuePrefix: string, cluster: boolean): RedisKeyLayout {
  const untagged: RedisKeyLayout = { queuePrefix, libraryKeyPrefix: `${queuePrefix}:tracking-events`, queueName: (name) => name };
  if (!cluster) return untagged;
  const layout: RedisKeyLayout = keepsOneSlot(`${queuePrefix}:`)
    ? untagged
    : { queuePrefix, libraryKeyPrefix: `${queuePrefix}:${LIBRARY_KEYS_TAG}`, queueName: (name) => `{${name}}` };
  // Queue names hold no braces: one queue's check stands for all.
  for (const start of [`${queuePrefix}:${layout.queueName('tracking-events-intake')}:`, `${layout.libraryKeyPrefix}:`]) {
    if (!keepsOneSlot(start)) {
      throw new InvalidTrackingEventsOptionError(
        'queuePrefix',
        `"${queuePrefix}" would spread a queue's keys over several Redis Cluster slots (Redis hashes a key by its first {…} only when that is not empty)`,
        'on a Redis Cluster, give it one non-empty hash tag, e.g. `queuePrefix: "{bull}"` (every queue in one slot), or no braces at all (each queue in a slot of its own).',
      );
    }
  }
  return layout;
}

/**
 * Whether every key that starts with `start` hashes to the same Redis Cluster slot, whatever follows:
 * Redis hashes only the part between the first `{` and the first `}` after it, when that part is not
 * empty, and the whole key otherwise.
 */
export function keepsOneSlot(start: string): boolean {
  const open = start.indexOf('{');
  if (open < 0) return false;
  const close = start.indexOf('}', open + 1);
  return close > open + 1;
}
