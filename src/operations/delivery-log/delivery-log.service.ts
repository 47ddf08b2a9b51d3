import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findListPage, ListDefinition, ListPage } from '../../common/list';
import type { TrackingEventsSettings } from '../../options';
import { TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_SETTINGS } from '../../tracking-events.tokens';
import { targetQueueName } from '../../queues/queue-names';
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

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "The anonymous shopper's ID (the browser beacon ID), when the event has one.",
    example: null,
  })
  AnonymousID: string | null;

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

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: "The event's `OccurredAt`.",
    example: '2026-11-27T10:14:59.950Z',
  })
  OccurredAt: string | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "From the event's `OccurredAt` to the target's acknowledgement; set on delivered attempts.",
    example: 134,
  })
  LatencyMs: number | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "The BullMQ job that made the attempt: a batch of first attempts, or the delivery's own job (its ID is the DeliveryID).",
    example: 'Zt5vN1pQ8rS2uW4yA6cE0g',
  })
  JobID: string | null;

  @ApiProperty({ description: "The target type's BullMQ queue, where JobID is found.", example: 'tracking-events-target-discover-event' })
  QueueName: string;
}

export const DELIVERY_ATTEMPT_LIST: ListDefinition = {
  fields: {
    ID: { property: 'id', type: 'string' },
    DeliveryID: { property: 'deliveryId', type: 'string' },
    EventID: { property: 'eventId', type: 'string', searchable: true },
    EventType: { property: 'eventType', type: 'string', sortable: true },
    OrderID: { property: 'orderId', type: 'string', searchable: true },
    UserID: { property: 'userId', type: 'string', searchable: true },
    AnonymousID: { property: 'anonymousId', type: 'string', searchable: true },
    TrackingEventID: { property: 'trackingEventId', type: 'string' },
    DeliveryConfigID: { property: 'deliveryConfigId', type: 'string', sortable: true },
    TargetType: { property: 'targetType', type: 'string', sortable: true },
    Attempt: { property: 'attempt', type: 'integer', sortable: true },
    Outcome: { property: 'outcome', type: 'string', sortable: true },
    HttpStatus: { property: 'httpStatus', type: 'integer' },
    AttemptedAt: { property: 'attemptedAt', type: 'date', sortable: true },
    OccurredAt: { property: 'occurredAt', type: 'date', sortable: true },
    LatencyMs: { property: 'latencyMs', type: 'integer', sortable: true },
    JobID: { property: 'jobId', type: 'string' },
  },
  defaultSort: [{ field: 'AttemptedAt', descending: true }],
};

/** The delivery log, for "did order X reach Discover, and when?". @publicApi */
@Injectable()
export class DeliveryLogService {
  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
  ) {}

  list(query: Record<string, unknown>): Promise<ListPage<DeliveryAttempt>> {
    return findListPage(
      this.dataSource.getRepository(DeliveryAttemptEntity).createQueryBuilder('attempt'),
      query,
      DELIVERY_ATTEMPT_LIST,
      (entry) => this.toModel(entry),
    );
  }

  private toModel(entry: DeliveryAttemptEntity): DeliveryAttempt {
    return {
      ID: entry.id,
      DeliveryID: entry.deliveryId,
      EventID: entry.eventId,
      EventType: entry.eventType,
      OrderID: entry.orderId,
      UserID: entry.userId,
      AnonymousID: entry.anonymousId,
      TrackingEventID: entry.trackingEventId,
      DeliveryConfigID: entry.deliveryConfigId,
      TargetType: entry.targetType,
      Attempt: entry.attempt,
      Outcome: entry.outcome,
      HttpStatus: entry.httpStatus,
      DurationMs: entry.durationMs,
      Detail: entry.detail,
      AttemptedAt: entry.attemptedAt.toISOString(),
      OccurredAt: entry.occurredAt?.toISOString() ?? null,
      LatencyMs: entry.latencyMs,
      JobID: entry.jobId,
      // The name in Redis (and in Bull Board), with its Redis Cluster hash tag if it has one.
      QueueName: this.settings.keys.queueName(targetQueueName(entry.targetType)),
    };
  }
}
