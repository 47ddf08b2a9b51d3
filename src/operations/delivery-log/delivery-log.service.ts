import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findListPage, ListDefinition, ListPage } from '../../common/list';
import { TRACKING_EVENTS_DATA_SOURCE } from '../../tracking-events.tokens';
import { ApiProperty } from '../../common/openapi';
import { ATTEMPT_OUTCOMES, AttemptOutcome, DeliveryAttemptEntity } from './delivery-attempt.entity';

/** A delivery attempt as the admin API shows it. @publicApi */
export class DeliveryAttempt {
  @ApiProperty({ example: '3kq8hY2nQ0uVxW1zA9bC7d' })
  ID: string;

  @ApiProperty({
    description: 'The delivery the attempt belongs to, its idempotency key (`webhook-id`).',
    example: 'Zt5vN1pQ8rS2uW4yA6cE0g',
  })
  DeliveryID: string;

  @ApiProperty({ example: 'Hx7bM3kP9sT1vY5zC2eG4j' })
  EventID: string;

  @ApiProperty({ example: 'OrderSubmitted' })
  EventType: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'order-1001' })
  OrderID: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'buyer-42' })
  UserID: string | null;

  @ApiProperty({ example: 'storefront-order-submitted' })
  TrackingEventID: string;

  @ApiProperty({ example: 'discover-production' })
  DeliveryConfigID: string;

  @ApiProperty({ example: 'DiscoverEvent' })
  TargetType: string;

  @ApiProperty({ description: 'The attempt number of its delivery, from 1.', example: 1 })
  Attempt: number;

  @ApiProperty({ enum: ATTEMPT_OUTCOMES, example: 'Delivered' })
  Outcome: AttemptOutcome;

  @ApiProperty({ type: 'integer', nullable: true, description: "The receiver's HTTP status, when it answered.", example: 202 })
  HttpStatus: number | null;

  @ApiProperty({ example: 84 })
  DurationMs: number;

  @ApiProperty({ type: 'string', nullable: true, description: 'What went wrong, or why the delivery was skipped.', example: null })
  Detail: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:15:00.000Z' })
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
