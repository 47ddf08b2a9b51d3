// The page (page/types.ts) is built apart from the server and declares the admin API's answers again. Type-checked
// with the server by `npm run typecheck` and never built, this file stops compiling when the two drift apart.
import type {
  ApiErrorResponse,
  AttemptOutcome,
  DeadLetter,
  DeadLettersService,
  DeliveryAttempt,
  DeliveryAttemptOutcome,
  DeliveryCircuit,
  DeliveryStats,
  DeliveryStatsBucket,
  DeliveryStatsCircuit,
  DeliveryTargetStats,
  ListPage,
  QueueDepthStats,
  TrackingEventType,
} from '../index';
import type * as Page from './page/types';

/** Compiles when every answer of the server is a valid value of the page's type. */
type ServerFitsPage<Server extends PageType, PageType> = Server;
/** Compiles when the page's type is the server's too: with the check above, the page mirrors the exact shape. */
type PageFitsServer<PageType extends Server, Server> = PageType;

export type PageTypesMatchTheServer = [
  ServerFitsPage<ListPage<unknown>, Page.ListPage<unknown>>,
  PageFitsServer<Page.ListPage<unknown>, ListPage<unknown>>,
  ServerFitsPage<DeliveryStats, Page.DeliveryStats>,
  PageFitsServer<Page.DeliveryStats, DeliveryStats>,
  ServerFitsPage<DeliveryTargetStats, Page.TargetStats>,
  PageFitsServer<Page.TargetStats, DeliveryTargetStats>,
  ServerFitsPage<DeliveryStatsBucket, Page.StatsBucket>,
  PageFitsServer<Page.StatsBucket, DeliveryStatsBucket>,
  ServerFitsPage<DeliveryStatsCircuit['State'], Page.CircuitState>,
  PageFitsServer<Page.CircuitState, DeliveryStatsCircuit['State']>,
  ServerFitsPage<QueueDepthStats, Page.QueueDepth>,
  PageFitsServer<Page.QueueDepth, QueueDepthStats>,
  ServerFitsPage<DeliveryAttempt, Page.DeliveryAttempt>,
  PageFitsServer<Page.DeliveryAttempt, DeliveryAttempt>,
  // Every outcome and event type is a choice of the page's filters.
  ServerFitsPage<AttemptOutcome, (typeof Page.OUTCOMES)[number]>,
  PageFitsServer<(typeof Page.OUTCOMES)[number], AttemptOutcome>,
  ServerFitsPage<TrackingEventType, (typeof Page.EVENT_TYPES)[number]>,
  PageFitsServer<(typeof Page.EVENT_TYPES)[number], TrackingEventType>,
  // The page shows a dead letter's Message as JSON, whatever it holds: exact but for it.
  ServerFitsPage<DeadLetter, Page.DeadLetter>,
  PageFitsServer<Omit<Page.DeadLetter, 'Message'>, Omit<DeadLetter, 'Message'>>,
  ServerFitsPage<DeliveryAttemptOutcome, Page.DeadLetterAttempt>,
  PageFitsServer<Page.DeadLetterAttempt, DeliveryAttemptOutcome>,
  ServerFitsPage<Awaited<ReturnType<DeadLettersService['replayMatching']>>, Page.ReplayedCount>,
  PageFitsServer<Page.ReplayedCount, Awaited<ReturnType<DeadLettersService['replayMatching']>>>,
  ServerFitsPage<DeliveryCircuit, Page.OpenCircuit>,
  PageFitsServer<Page.OpenCircuit, DeliveryCircuit>,
  ServerFitsPage<ApiErrorResponse, Page.ApiErrorResponse>,
  PageFitsServer<Page.ApiErrorResponse, ApiErrorResponse>,
];
