import { Inject, Injectable } from '@nestjs/common';
import { errorMessage } from '../../common/errors/error-message';
import type { TrackingEventsSettings } from '../../options';
import { TRACKING_EVENTS_SETTINGS } from '../../tracking-events.tokens';
import { PipelineReadings } from '../pipeline-readings/pipeline-readings';

/**
 * A health indicator's result, as `@nestjs/terminus` reads it: `{ [key]: { status, ...details } }`.
 * @publicApi
 */
export type TrackingEventsHealth = Record<string, { status: 'up' | 'down'; [detail: string]: unknown }>;

const HOUR_MS = 3_600_000;

/**
 * The tracking pipeline's health for `@nestjs/terminus` (an optional dependency, loaded on the first
 * check): Redis answers, and the capture lag, outbox rows, open circuits and dead letters of the last
 * hour are within the `health` limits. Down, the result says which reading crossed its limit or could
 * not be read.
 *
 * @example
 * \@Get('ready') \@HealthCheck()
 * ready() {
 *   return this.health.check([() => this.trackingEvents.isHealthy('trackingEvents')]);
 * }
 * @publicApi
 */
@Injectable()
export class TrackingEventsHealthIndicator {
  private readonly limits: TrackingEventsSettings['health'];

  constructor(
    private readonly readings: PipelineReadings,
    @Inject(TRACKING_EVENTS_SETTINGS) settings: TrackingEventsSettings,
  ) {
    this.limits = settings.health;
  }

  async isHealthy(key = 'trackingEvents'): Promise<TrackingEventsHealth> {
    const indicator = new (loadTerminus().HealthIndicatorService)().check(key);
    const [redis, captureLagMs, outboxRows, openCircuits, deadLettersLastHour] = await Promise.allSettled([
      this.readings.pingRedis(),
      this.readings.captureLagMs(),
      this.readings.outboxRows(),
      this.readings.circuitCounts().then((counts) => counts.reduce((sum, count) => sum + count.paused + count.probing, 0)),
      this.readings.deadLettersSince(new Date(Date.now() - HOUR_MS)),
    ]);
    const problems: string[] = [];
    const checked = (name: string, reading: PromiseSettledResult<number>, limit: number | null): number | null => {
      if (reading.status === 'rejected') {
        problems.push(`${name} could not be read: ${errorMessage(reading.reason)}`);
        return null;
      }
      if (limit !== null && reading.value > limit) problems.push(`${name} is ${reading.value}, over its limit of ${limit}`);
      return reading.value;
    };
    if (redis.status === 'rejected') problems.push(`Redis does not answer: ${errorMessage(redis.reason)}`);
    const details = {
      redis: redis.status === 'fulfilled' ? 'up' : 'down',
      captureLagMs: checked('captureLagMs', captureLagMs, this.limits.maxCaptureLagMs),
      outboxRows: checked('outboxRows', outboxRows, this.limits.maxOutboxRows),
      openCircuits: checked('openCircuits', openCircuits, this.limits.maxOpenCircuits),
      deadLettersLastHour: checked('deadLettersLastHour', deadLettersLastHour, this.limits.maxDeadLettersLastHour),
    };
    return problems.length === 0 ? indicator.up(details) : indicator.down({ ...details, problems });
  }
}

function loadTerminus(): typeof import('@nestjs/terminus') {
  try {
    return require('@nestjs/terminus');
  } catch {
    throw new Error('TrackingEventsHealthIndicator needs @nestjs/terminus. Fix: npm install @nestjs/terminus, and import TerminusModule.');
  }
}
