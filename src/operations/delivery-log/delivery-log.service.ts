import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findListPage, ListDefinition, ListPage } from '../../common/list';
import { TRACKING_EVENTS_DATA_SOURCE } from '../../tracking-events.tokens';
import { AttemptOutcome, DeliveryAttemptEntity } from './delivery-attempt.entity';

/** A delivery attempt as the admin API shows it. @publicApi */
export interface DeliveryAttempt {
  ID: string;
  DeliveryID: string;
  EventID: string;
  EventType: string;
  OrderID: string | null;
  UserID: string | null;
  TrackingEventID: string;
  DeliveryConfigID: string;
  TargetType: string;
  Attempt: number;
  Outcome: AttemptOutcome;
  HttpStatus: number | null;
  DurationMs: number;
  Detail: string | null;
  AttemptedAt: string;
}

export const DELIVERY_ATTEMPT_LIST: ListDefinition = {
  fields: {
    ID: { property: 'id', type: 'string' },
    DeliveryID: { property: 'deliveryId', type: 'string' },
    EventID: { property: 'eventId', type: 'string', searchable: true },
    EventType: { property: 'eventType', type: 'string', sortable: true },
    OrderID: { property: 'orderId', type: 'string', searchable: true },
    UserID: { property: 'userId', type: 'string', searchable: true },
    TrackingEventID: { property: 'trackingEventId', type: 'string' },
    DeliveryConfigID: { property: 'deliveryConfigId', type: 'string', sortable: true },
    TargetType: { property: 'targetType', type: 'string', sortable: true },
    Attempt: { property: 'attempt', type: 'number', sortable: true },
    Outcome: { property: 'outcome', type: 'string', sortable: true },
    HttpStatus: { property: 'httpStatus', type: 'number' },
    AttemptedAt: { property: 'attemptedAt', type: 'date', sortable: true },
  },
  defaultSort: [{ field: 'AttemptedAt', descending: true }],
};

/** The delivery log, for "did order X reach Discover, and when?". @publicApi */
@Injectable()
export class DeliveryLogService {
  constructor(@Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource) {}

  list(query: Record<string, unknown>): Promise<ListPage<DeliveryAttempt>> {
    return findListPage(
      this.dataSource.getRepository(DeliveryAttemptEntity).createQueryBuilder('attempt'),
      query,
      DELIVERY_ATTEMPT_LIST,
      toModel,
    );
  }
}

function toModel(entry: DeliveryAttemptEntity): DeliveryAttempt {
  return {
    ID: entry.id,
    DeliveryID: entry.deliveryId,
    EventID: entry.eventId,
    EventType: entry.eventType,
    OrderID: entry.orderId,
    UserID: entry.userId,
    TrackingEventID: entry.trackingEventId,
    DeliveryConfigID: entry.deliveryConfigId,
    TargetType: entry.targetType,
    Attempt: entry.attempt,
    Outcome: entry.outcome,
    HttpStatus: entry.httpStatus,
    DurationMs: entry.durationMs,
    Detail: entry.detail,
    AttemptedAt: entry.attemptedAt.toISOString(),
  };
}
