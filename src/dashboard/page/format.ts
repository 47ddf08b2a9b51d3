/** Formatting of times, durations and chart summaries. Pure: Jest tests it in Node. */

import type { StatsWindow } from './types';

/** Formatting options for tests; the page leaves both undefined to use the viewer's locale and time zone. */
export interface FormatContext {
  locale?: string;
  timeZone?: string;
}

function parse(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "10:42:13": the refresh status. */
export function formatClock(value: string | Date, context: FormatContext = {}): string {
  const date = parse(value);
  if (!date) return '—';
  return new Intl.DateTimeFormat(context.locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone: context.timeZone,
  }).format(date);
}

/** "10:40": circuit times, which matter to the minute. */
export function formatHourMinute(value: string | Date, context: FormatContext = {}): string {
  const date = parse(value);
  if (!date) return '—';
  return new Intl.DateTimeFormat(context.locale, { hour: '2-digit', minute: '2-digit', timeZone: context.timeZone }).format(date);
}

/** A date and time for table cells. */
export function formatDateTime(value: string | Date | null | undefined, context: FormatContext = {}): string {
  const date = value ? parse(value) : null;
  if (!date) return '—';
  return new Intl.DateTimeFormat(context.locale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone: context.timeZone,
  }).format(date);
}

/** The viewer's time zone, named once in the footer. */
export function viewerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'your local time zone';
}

/** "85 ms", "1.2 s", "14 s", "3 min", "2 h 5 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 9.95) return `${trimZero(seconds.toFixed(1))} s`;
  if (seconds < 59.5) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

function trimZero(value: string): string {
  return value.endsWith('.0') ? value.slice(0, -2) : value;
}

/** "1 minute", "5 minutes", "1 hour": the width of a stats bucket. */
export function formatBucket(seconds: number): string {
  const units: Array<[number, string]> = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

export const WINDOW_LABELS: Record<StatsWindow, string> = { Hour: 'Last hour', Day: 'Last day', Week: 'Last week' };

const WINDOW_PHRASES: Record<StatsWindow, string> = { Hour: 'the last hour', Day: 'the last day', Week: 'the last week' };

/** The accessible summary of a tile's deliveries chart. */
export function deliveriesChartLabel(window: StatsWindow, bucketSeconds: number, delivered: number[]): string {
  const total = delivered.reduce((sum, value) => sum + value, 0);
  return `Deliveries per ${formatBucket(bucketSeconds)} over ${WINDOW_PHRASES[window]}: ${total} in all`;
}

/** The accessible summary of a tile's latency chart. */
export function latencyChartLabel(window: StatsWindow, bucketSeconds: number, latencies: Array<number | null>): string {
  const known = latencies.filter((value): value is number => value !== null);
  const prefix = `90th percentile latency per ${formatBucket(bucketSeconds)} over ${WINDOW_PHRASES[window]}`;
  if (!known.length) return `${prefix}: no deliveries to measure`;
  return `${prefix}: highest ${formatDuration(Math.max(...known))}, latest ${formatDuration(known[known.length - 1])}`;
}

/** "1 dead letter", "3 dead letters". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** A unique, valid id from any string (IDs may hold spaces or punctuation); "_" is the escape, so it is escaped too. */
export function domId(prefix: string, value: string): string {
  return `${prefix}-${value.replace(/[^A-Za-z0-9-]/g, (char) => `_${char.codePointAt(0)!.toString(16)}_`)}`;
}
