import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiRoles } from '../../common/api-roles';
import { ValidationFailureError } from '../../common/errors';
import { ApiErrorResponses, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '../../common/openapi';
import { AdminApi } from '../auth';
import { DeliveryStats } from './delivery-stats.model';
import { DeliveryStatsService } from './delivery-stats.service';
import { STATS_WINDOW_NAMES, StatsWindowName } from './stats-window';

const WINDOWS = STATS_WINDOW_NAMES.join(', ');

/**
 * `/integrations/deliverystats`: what reached each DeliveryConfig's targets over the last hour, day or
 * week (delivered, failed, dead-lettered, skipped, latency), in buckets for charts, and the pipeline's
 * state now. Cheap enough for a dashboard to poll every few seconds.
 */
@Controller('integrations/deliverystats')
@AdminApi([ApiRoles.FullAccess, ApiRoles.DeliveryConfigAdmin])
@ApiTags('DeliveryStats')
export class DeliveryStatsController {
  constructor(private readonly deliveryStats: DeliveryStatsService) {}

  @Get()
  @ApiOperation({
    summary: 'Get delivery stats',
    description:
      'Per DeliveryConfig and target type over the window: counts, latency percentiles (`OccurredAt` to acknowledgement, ' +
      'read from a histogram whose steps are about a quarter apart) and buckets (Hour: 60 of a minute, Day: 96 of ' +
      '15 minutes, Week: 84 of 2 hours); plus capture lag, outbox rows, queue depths and open circuits.',
  })
  @ApiQuery({ name: 'Window', required: false, enum: STATS_WINDOW_NAMES, description: 'Hour unless given.' })
  @ApiResponse({ status: HttpStatus.OK, description: 'The stats.', type: DeliveryStats })
  @ApiErrorResponses(new ValidationFailureError({ property: 'Window', message: `Window must be one of ${WINDOWS}.` }))
  stats(@Query() query: Record<string, unknown>): Promise<DeliveryStats> {
    return this.deliveryStats.stats(windowOf(query));
  }
}

/** The window asked for: `Window` (any case) with one of the window names (any case), Hour by default. */
function windowOf(query: Record<string, unknown>): StatsWindowName {
  let window: StatsWindowName = 'Hour';
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() !== 'window')
      throw new ValidationFailureError({
        property: key,
        message: `${key} is not a parameter of deliverystats; it takes Window (${WINDOWS}).`,
      });
    const named = typeof value === 'string' ? STATS_WINDOW_NAMES.find((name) => name.toLowerCase() === value.toLowerCase()) : undefined;
    if (!named) throw new ValidationFailureError({ property: 'Window', message: `Window must be one of ${WINDOWS}.` });
    window = named;
  }
  return window;
}
