import { Injectable } from '@nestjs/common';
import type { CapturedEvent } from '../messages/captured-event';
import { CLAIM_WINDOW_SECONDS } from '../queues/target-queues';
import { LibraryRedis } from '../redis/library-redis';

/**
 * Claims each key for its owner unless another owner has it; answers 1 (claimed, now or before) or 0
 * per key. Nearly every event is claimed for the first time: one `SET NX` each, a `GET` only for the rest.
 */
const CLAIM_SCRIPT = `
local claimed = {}
for index, key in ipairs(KEYS) do
  local owner = ARGV[index + 1]
  if redis.call('SET', key, owner, 'NX', 'EX', ARGV[1]) or redis.call('GET', key) == owner then
    claimed[index] = 1
  else
    claimed[index] = 0
  end
end
return claimed`;

/**
 * Claims captured events for the capture stream entry they were read from, so that an event that
 * reached the stream twice is routed once. An entry read again (its relay died before finishing it)
 * still owns its events, and routes them again.
 */
@Injectable()
export class EventClaims {
  private readonly keyPrefix: string;

  constructor(private readonly redis: LibraryRedis) {
    this.keyPrefix = `${redis.keyPrefix}:claimed:`;
  }

  /** The events this entry owns, in their order: each event once, the first time it is given. */
  async claim(events: Array<{ event: CapturedEvent; entryId: string }>): Promise<CapturedEvent[]> {
    const first = new Map<string, { event: CapturedEvent; entryId: string }>();
    for (const item of events) if (!first.has(item.event.ID)) first.set(item.event.ID, item);
    const unique = [...first.values()];
    if (unique.length === 0) return [];
    const claimed = (await this.redis.client.eval(
      CLAIM_SCRIPT,
      unique.length,
      ...unique.map(({ event }) => this.keyPrefix + event.ID),
      CLAIM_WINDOW_SECONDS,
      ...unique.map(({ entryId }) => entryId),
    )) as number[];
    return unique.filter((_, index) => claimed[index] === 1).map(({ event }) => event);
  }
}
