import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as timeOrderedUuid } from 'uuid';
import { definedOnly } from '../common/defined-only';
import { activeTraceHeaders } from '../common/tracing';
import type { TrackingEventType } from '../common/tracking-event-type';
import { TrackingEventsMetrics } from '../metrics';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import type { CapturedEvent, TrackingSubjects } from '../messages/captured-event';
import { IntakeRecorder } from './intake-recorder';
import { RequestContext } from './request-context';
import type { TrackingContext } from '../messages/tracking-context';

/**
 * Captures a tracking event explicitly, for hosts that prefer a call to a decorator. It never
 * throws: a failure is logged with the event ID and the host's work goes on.
 * @publicApi
 */
@Injectable()
export class TrackingEventPublisher {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

  constructor(
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
    private readonly requestContext: RequestContext,
    private readonly recorder: IntakeRecorder,
    private readonly metrics: TrackingEventsMetrics,
  ) {}

  /**
   * Captures an event of the current request (or of the given context) and resolves once it is
   * durable: on the queue, or in the outbox table when Redis cannot take it. Given the host's TypeORM
   * transaction (`transaction: manager`), the event is written in it, and is delivered only if the
   * transaction commits. Resolves to the event ID, or null when the event is not tracked (no API
   * client known, or a failure, which is logged).
   */
  async publish<Type extends TrackingEventType>(
    eventType: Type,
    subject: TrackingSubjects[Type],
    overrides: { context?: Partial<TrackingContext>; transaction?: EntityManager } = {},
  ): Promise<string | null> {
    if (!this.settings.enabled) return null;
    // Time-ordered: the database indexes that hold event IDs (outbox, delivery log) grow at one end.
    const id = timeOrderedUuid();
    try {
      const context = { ...(await this.resolveContext()), ...definedOnly(overrides.context) };
      if (!context.ClientID) {
        this.logger.debug?.(`${eventType} ${id} not tracked: no API client in the request context.`);
        return null;
      }
      const event = {
        ID: id,
        EventType: eventType,
        OccurredAt: new Date().toISOString(),
        Context: context,
        Subject: subject,
        TraceContext: activeTraceHeaders(),
      } as CapturedEvent;
      await this.recorder.record(event, overrides.transaction);
      return id;
    } catch (error) {
      this.metrics.captureFailed(eventType);
      this.logger.error(`Tracking event ${id} (${eventType}) was not captured: ${(error as Error)?.message ?? String(error)}`);
      return null;
    }
  }

  private async resolveContext(): Promise<Partial<TrackingContext>> {
    return (await this.settings.resolveContext(this.requestContext.current())) ?? {};
  }
}
