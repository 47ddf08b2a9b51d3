/** Query strings for the admin API's list routes. Pure: Jest tests it in Node. */

type QueryValue = string | number | null | undefined | Array<string | null | undefined>;

/** A query string ("?a=1&b=2", or "" when empty); blank values are left out, arrays repeat the name. */
export function buildQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      const text = String(item).trim();
      if (text) search.append(name, text);
    }
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

/**
 * A datetime-local value ("2026-11-27T10:00") read in the viewer's time zone, as ISO UTC; undefined when
 * blank or invalid. `new Date` reads a date-time without an offset as local time.
 */
export function localInputToIso(value: string | null | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export interface DeliverySearch {
  orderId: string;
  userId: string;
  anonymousId: string;
  eventType: string;
  targetType: string;
  outcome: string;
  from: string;
  to: string;
}

export const EMPTY_DELIVERY_SEARCH: DeliverySearch = {
  orderId: '',
  userId: '',
  anonymousId: '',
  eventType: '',
  targetType: '',
  outcome: '',
  from: '',
  to: '',
};

/** The filters of GET /integrations/deliveryattempts for a search; two bounds on AttemptedAt are two params. */
export function deliveryAttemptsQuery(search: DeliverySearch, page: number, pageSize = 100): string {
  const from = localInputToIso(search.from);
  const to = localInputToIso(search.to);
  return buildQuery({
    page,
    pageSize,
    OrderID: search.orderId,
    UserID: search.userId,
    AnonymousID: search.anonymousId,
    EventType: search.eventType,
    TargetType: search.targetType,
    Outcome: search.outcome,
    AttemptedAt: [from && `>=${from}`, to && `<=${to}`],
  });
}

export interface DeadLetterFilters {
  targetType: string;
  eventType: string;
  orderId: string;
}

export const EMPTY_DEAD_LETTER_FILTERS: DeadLetterFilters = { targetType: '', eventType: '', orderId: '' };

/** The filters shared by the dead-letter list and "Replay all matching", which must agree (buildQuery drops blanks). */
function deadLetterFilterParams(filters: DeadLetterFilters): Record<string, string> {
  return { TargetType: filters.targetType, EventType: filters.eventType, OrderID: filters.orderId };
}

export function deadLettersQuery(filters: DeadLetterFilters, page: number, pageSize = 100): string {
  return buildQuery({ page, pageSize, ...deadLetterFilterParams(filters) });
}

export function replayAllQuery(filters: DeadLetterFilters): string {
  return buildQuery(deadLetterFilterParams(filters));
}

/** A Bull Board link to one job, or null when Bull Board is not mounted or the attempt has no job. */
export function bullBoardJobUrl(bullBoardUrl: string | null, queueName: string, jobId: string | null): string | null {
  if (!bullBoardUrl || !jobId) return null;
  return `${bullBoardUrl.replace(/\/+$/, '')}/queue/${encodeURIComponent(queueName)}/${encodeURIComponent(jobId)}`;
}
