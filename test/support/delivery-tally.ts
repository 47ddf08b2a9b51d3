import type { LoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';

/** What a sink received, counted against what was sent. */
export interface Tally {
  sent: number;
  delivered: number;
  duplicates: number;
  lost: number;
  /** Duplicates that came with another delivery's idempotency ID (there must be none). */
  mismatched: number;
}

type Sink = Pick<LoopbackReceiver, 'received'>;

/** Which sent event an Http message is about; undefined for a message no test sent. */
export type MessageKey = (message: any) => string | undefined;

/** A line item's message, by its LineID. */
export const lineIdOf: MessageKey = (message) => message.Payload?.LineItem?.LineID;

/**
 * Counts the Http deliveries of events (by default line items, by LineID) against the events sent,
 * over one sink or several (an endpoint moved from one to another). Only receipts a sink accepted
 * (2xx) count; a duplicate is a second accepted receipt of the same delivery, recognisable by its
 * `webhook-id`.
 */
export function tally(sentKeys: Iterable<string>, sinks: Sink | Sink[], keyOf: MessageKey = lineIdOf): Tally {
  const sent = new Set(sentKeys);
  const idsByKey = new Map<string, Set<string>>();
  let receipts = 0;
  for (const request of [sinks].flat().flatMap((sink) => sink.received)) {
    if (request.answeredStatus < 200 || request.answeredStatus >= 300) continue;
    const key = keyOf(JSON.parse(request.body.toString()));
    if (!key || !sent.has(key)) continue;
    receipts++;
    const ids = idsByKey.get(key) ?? new Set<string>();
    ids.add(String(request.headers['webhook-id']));
    idsByKey.set(key, ids);
  }
  const delivered = idsByKey.size;
  const mismatched = [...idsByKey.values()].filter((ids) => ids.size > 1).length;
  return {
    sent: sent.size,
    delivered,
    duplicates: receipts - delivered,
    lost: [...sent].filter((key) => !idsByKey.has(key)).length,
    mismatched,
  };
}

/** The keys of the messages a sink received (whatever it answered). */
export function receivedKeys(sink: Sink, keyOf: MessageKey = lineIdOf): Set<string | undefined> {
  return new Set(sink.received.map((request) => keyOf(JSON.parse(request.body.toString()))));
}

/** Prints a scenario's figures in the test output: `sent / delivered / duplicates / lost`. */
export function report(scenario: string, database: string, figures: Tally): void {
  process.stdout.write(
    `[fault] ${scenario} (${database}): sent ${figures.sent} / delivered ${figures.delivered} / duplicates ${figures.duplicates} (same idempotency id: ${figures.mismatched === 0 ? 'yes' : 'NO'}) / lost ${figures.lost}\n`,
  );
}
