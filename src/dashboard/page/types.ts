/**
 * The shapes the admin API answers with (see the delivery admin controllers). The page is built apart from the
 * server, so they are declared again here; src/dashboard/page-types.check.ts fails `npm run typecheck` when they drift.
 */

// What the server puts in the document: one definition for both sides.
export type { DashboardPageConfig as DashboardConfig } from '../dashboard-document';

export type StatsWindow = 'Hour' | 'Day' | 'Week';

export interface ListMeta {
  Page: number;
  PageSize: number;
  TotalCount: number;
  TotalPages: number;
  ItemRange: [number, number];
}

export interface ListPage<T> {
  Meta: ListMeta;
  Items: T[];
}

export type CircuitState = 'Closed' | 'Open' | 'Unknown';

export interface StatsBucket {
  Start: string;
  Delivered: number;
  FailedAttempts: number;
  DeadLettered: number;
  LatencyP90Ms: number | null;
}

export interface TargetStats {
  DeliveryConfigID: string;
  DeliveryConfigName: string | null;
  TargetType: string;
  Delivered: number;
  FailedAttempts: number;
  DeadLettered: number;
  Skipped: number;
  LatencyMs: { P50: number | null; P90: number | null; P99: number | null };
  Buckets: StatsBucket[];
  Circuit: { State: CircuitState; OpenedAt: string | null; RetryAt: string | null };
}

export interface QueueDepth {
  TargetType: string;
  Waiting: number;
  Delayed: number;
  Active: number;
}

export interface DeliveryStats {
  Window: StatsWindow;
  From: string;
  To: string;
  BucketSeconds: number;
  Targets: TargetStats[];
  Pipeline: {
    CaptureLagMs: number | null;
    OutboxRows: number | null;
    OpenCircuits: number | null;
    Queues: QueueDepth[] | null;
  };
}

// Paused: the delivery was held back by its target's open circuit.
export const OUTCOMES = ['Delivered', 'Retrying', 'Failed', 'Skipped', 'Paused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface DeliveryAttempt {
  ID: string;
  DeliveryID: string;
  EventID: string;
  EventType: string;
  OrderID: string | null;
  UserID: string | null;
  AnonymousID: string | null;
  TrackingEventID: string;
  DeliveryConfigID: string;
  TargetType: string;
  Attempt: number;
  Outcome: Outcome;
  HttpStatus: number | null;
  DurationMs: number;
  Detail: string | null;
  AttemptedAt: string;
  OccurredAt: string | null;
  LatencyMs: number | null;
  JobID: string | null;
  QueueName: string;
}

export interface DeadLetterAttempt {
  Attempt: number;
  AttemptedAt: string;
  DurationMs: number;
  HttpStatus: number | null;
  Error: string;
}

export interface DeadLetter {
  ID: string;
  EventID: string;
  EventType: string;
  OrderID: string | null;
  TrackingEventID: string;
  DeliveryConfigID: string;
  TargetType: string;
  Message: unknown;
  Attempts: DeadLetterAttempt[];
  LastError: string;
  FailedAt: string;
  ReplayedAt: string | null;
}

export interface OpenCircuit {
  DeliveryConfigID: string;
  TargetType: string;
  State: 'Paused' | 'Probing';
  ConsecutiveFailures: number;
  PausedAt: string;
  RetryAt: string;
}

/** What replaying every matching dead letter answers. */
export interface ReplayedCount {
  Replayed: number;
}

/** The body of a failed admin API call, as OrderCloud answers. */
export interface ApiErrorResponse {
  Errors: Array<{ ErrorCode: string; Message: string; Data?: unknown }>;
}

export const EVENT_TYPES = ['UserLoggedIn', 'LineItemAdded', 'LineItemUpdated', 'OrderSubmitted'] as const;
