import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fitToColumns, withConnectionTurn } from '../../common/database';
import { findListPage, ListDefinition, ListPage } from '../../common/list';
import { NotFoundError } from '../../common/errors';
import { ApiProperty } from '../../common/openapi';
import type { TrackingMessage } from '../../messages/tracking-message';
import type { DeliveryJobData } from '../../messages/delivery-job';
import { TargetQueues } from '../../queues/target-queues';
import { TRACKING_EVENTS_DATA_SOURCE } from '../../tracking-events.tokens';
import type { DeliveryAttemptOutcome } from '../../messages';
import { DeadLetterEntity } from './dead-letter.entity';

/** A dead letter as the admin API shows it. @publicApi */
export class DeadLetter {
  @ApiProperty({
    description: 'The delivery ID, which a replay keeps as its idempotency key (`webhook-id`).',
    example: 'Zt5vN1pQ8rS2uW4yA6cE0g',
  })
  ID: string;

  @ApiProperty({ example: 'Hx7bM3kP9sT1vY5zC2eG4j' })
  EventID: string;

  @ApiProperty({ example: 'OrderSubmitted' })
  EventType: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'order-1001' })
  OrderID: string | null;

  @ApiProperty({ example: 'storefront-order-submitted' })
  TrackingEventID: string;

  @ApiProperty({ example: 'discover-production' })
  DeliveryConfigID: string;

  @ApiProperty({ example: 'DiscoverEvent' })
  TargetType: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The tracking message the delivery carried, as targets receive it (see docs/payloads.md).',
  })
  Message: TrackingMessage;

  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      required: ['Attempt', 'AttemptedAt', 'DurationMs', 'HttpStatus', 'Error'],
      properties: {
        Attempt: { type: 'integer' },
        AttemptedAt: { type: 'string', format: 'date-time' },
        DurationMs: { type: 'integer' },
        HttpStatus: { type: 'integer', nullable: true, description: "The receiver's HTTP status, when it answered." },
        Error: { type: 'string', description: "What went wrong, with the start of the receiver's answer." },
      },
    },
    example: [
      { Attempt: 1, AttemptedAt: '2026-11-27T10:15:00.000Z', DurationMs: 120, HttpStatus: 503, Error: 'HTTP 503: Service Unavailable' },
    ],
  })
  Attempts: DeliveryAttemptOutcome[];

  @ApiProperty({ example: 'HTTP 503: Service Unavailable' })
  LastError: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:20:00.000Z' })
  FailedAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: null })
  ReplayedAt: string | null;
}

export const DEAD_LETTER_LIST: ListDefinition = {
  fields: {
    ID: { property: 'deliveryId', type: 'string', sortable: true, searchable: true },
    EventID: { property: 'eventId', type: 'string', searchable: true },
    EventType: { property: 'eventType', type: 'string', sortable: true },
    OrderID: { property: 'orderId', type: 'string', searchable: true },
    TrackingEventID: { property: 'trackingEventId', type: 'string' },
    DeliveryConfigID: { property: 'deliveryConfigId', type: 'string', sortable: true },
    TargetType: { property: 'targetType', type: 'string', sortable: true },
    FailedAt: { property: 'failedAt', type: 'date', sortable: true },
  },
  defaultSort: [{ field: 'FailedAt', descending: true }],
};

const OBJECT_TYPE = 'DeadLetter';
const MAX_REPLAY = 10_000;

/** The deliveries that failed for good, and their replay. @publicApi */
@Injectable()
export class DeadLettersService {
  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly targetQueues: TargetQueues,
  ) {}

  /** Keeps a delivery that failed for good (a replay failing again updates its letter). */
  async store(delivery: DeliveryJobData, attempts: DeliveryAttemptOutcome[], lastError: string): Promise<void> {
    // Fitted to the columns: an order ID too long or odd for its column must not cost the letter.
    const repository = this.repository();
    await this.write(() =>
      repository.save(
        fitToColumns(repository.metadata, {
          deliveryId: delivery.deliveryId,
          eventId: delivery.eventId,
          eventType: delivery.message.EventType,
          orderId: orderIdOf(delivery.message),
          trackingEventId: delivery.trackingEventId,
          deliveryConfigId: delivery.deliveryConfigId,
          targetType: delivery.targetType,
          message: delivery.message,
          attempts,
          lastError,
          failedAt: new Date(),
          replayedAt: null,
        }),
      ),
    );
  }

  /** A replayed delivery succeeded: its letter is done with. */
  async resolve(deliveryId: string): Promise<void> {
    await this.write(() => this.repository().delete({ deliveryId }));
  }

  list(query: Record<string, unknown>): Promise<ListPage<DeadLetter>> {
    return findListPage(this.repository().createQueryBuilder('letter'), query, DEAD_LETTER_LIST, toModel);
  }

  async get(id: string): Promise<DeadLetter> {
    return toModel(await this.findOrFail(id));
  }

  /** Hands the delivery back to its queue, with the same delivery ID, all attempts anew and the target's current configuration. */
  async replay(id: string): Promise<DeadLetter> {
    const letter = await this.findOrFail(id);
    await this.requeue(letter);
    return toModel(letter);
  }

  /** Replays every dead letter the list filters match (at most 10,000 a call); resolves to how many. */
  async replayMatching(query: Record<string, unknown>): Promise<{ Replayed: number }> {
    // All matches are read before any is replayed: a replay that succeeds deletes its letter, which would shift the pages.
    const matching: DeadLetterEntity[] = [];
    for (let page = 1; matching.length < MAX_REPLAY; page++) {
      const listed = await findListPage(
        this.repository().createQueryBuilder('letter'),
        { ...withoutPaging(query), page: String(page), pageSize: '100' },
        DEAD_LETTER_LIST,
        (entity) => entity,
      );
      matching.push(...listed.Items);
      if (listed.Items.length < 100) break;
    }
    for (const letter of matching) await this.requeue(letter);
    return { Replayed: matching.length };
  }

  async delete(id: string): Promise<void> {
    await this.findOrFail(id);
    await this.write(() => this.repository().delete({ deliveryId: id }));
  }

  private async requeue(letter: DeadLetterEntity): Promise<void> {
    await this.targetQueues.requeue({
      deliveryId: letter.deliveryId,
      eventId: letter.eventId,
      trackingEventId: letter.trackingEventId,
      deliveryConfigId: letter.deliveryConfigId,
      targetType: letter.targetType,
      message: letter.message,
      failedAttempts: letter.attempts,
      replay: true,
    });
    letter.replayedAt = new Date();
    await this.write(() => this.repository().update({ deliveryId: letter.deliveryId }, { replayedAt: letter.replayedAt }));
  }

  private async findOrFail(id: string): Promise<DeadLetterEntity> {
    const letter = await this.repository().findOneBy({ deliveryId: id });
    if (!letter) throw new NotFoundError(OBJECT_TYPE, id);
    return letter;
  }

  private write<T>(work: () => Promise<T>): Promise<T> {
    return withConnectionTurn(this.dataSource, work);
  }

  private repository() {
    return this.dataSource.getRepository(DeadLetterEntity);
  }
}

/** The order a message is about, for finding its deliveries. */
export function orderIdOf(message: TrackingMessage): string | null {
  const payload = message.Payload as { OrderID?: string; OrderId?: string };
  return payload.OrderID ?? payload.OrderId ?? null;
}

function withoutPaging(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([key]) => !['page', 'pagesize'].includes(key.toLowerCase())));
}

function toModel(letter: DeadLetterEntity): DeadLetter {
  return {
    ID: letter.deliveryId,
    EventID: letter.eventId,
    EventType: letter.eventType,
    OrderID: letter.orderId,
    TrackingEventID: letter.trackingEventId,
    DeliveryConfigID: letter.deliveryConfigId,
    TargetType: letter.targetType,
    Message: letter.message,
    Attempts: letter.attempts,
    LastError: letter.lastError,
    FailedAt: letter.failedAt.toISOString(),
    ReplayedAt: letter.replayedAt ? letter.replayedAt.toISOString() : null,
  };
}
