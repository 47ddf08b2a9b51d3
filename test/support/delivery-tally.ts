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

/**
 * Counts the Http deliveries of line items (by LineID) against the lines the shoppers added. Only
 * receipts the sink accepted (2xx) count; a duplicate is a second accepted receipt of the same
 * delivery, recognisable by its `webhook-id`.
 */
export function tally(sentLineIds: Iterable<string>, sink: Pick<LoopbackReceiver, 'received'>): Tally {
  const sent = new Set(sentLineIds);
  const idsByLine = new Map<string, Set<string>>();
  let receipts = 0;
  for (const request of sink.received) {
    if (request.answeredStatus < 200 || request.answeredStatus >= 300) continue;
    const lineId: string | undefined = JSON.parse(request.body.toString()).Payload?.LineItem?.LineID;
    if (!lineId || !sent.has(lineId)) continue;
    receipts++;
    const ids = idsByLine.get(lineId) ?? new Set<string>();
    ids.add(String(request.headers['webhook-id']));
    idsByLine.set(lineId, ids);
  }
  const delivered = idsByLine.size;
  const mismatched = [...idsByLine.values()].filter((ids) => ids.size > 1).length;
  return {
    sent: sent.size,
    delivered,
    duplicates: receipts - delivered,
    lost: [...sent].filter((id) => !idsByLine.has(id)).length,
    mismatched,
  };
}

/** Prints a scenario's figures in the test output: `sent / delivered / duplicates / lost`. */
export function report(scenario: string, database: string, figures: Tally): void {
  process.stdout.write(
    `[fault] ${scenario} (${database}): sent ${figures.sent} / delivered ${figures.delivered} / duplicates ${figures.duplicates} (same idempotency id: ${figures.mismatched === 0 ? 'yes' : 'NO'}) / lost ${figures.lost}\n`,
  );
}
