import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiRoles } from '../../common/api-roles';
import { AdminResourceController } from '../admin-resource.controller';
import { RequiredRoles } from '../auth';
import type { ListPage } from '../../common/list';
import type { TrackingEvent } from './tracking-event.model';
import { TrackingEventsService } from './tracking-events.service';

const READERS = [ApiRoles.FullAccess, ApiRoles.TrackingEventAdmin, ApiRoles.TrackingEventReader];

/**
 * `/integrations/TrackingEvents`: OrderCloud's Tracking Events endpoints. Express matches routes
 * without regard to case, so the SDK's `/integrations/trackingEvents` reaches them too.
 */
@Controller('integrations/TrackingEvents')
@RequiredRoles([ApiRoles.FullAccess, ApiRoles.TrackingEventAdmin])
export class TrackingEventsController extends AdminResourceController<TrackingEvent> {
  constructor(trackingEvents: TrackingEventsService) {
    super(trackingEvents);
  }

  // Readers may list and get; the route decorators are repeated because an override replaces them.
  @Get()
  @RequiredRoles(READERS)
  override list(@Query() query: Record<string, unknown>): Promise<ListPage<TrackingEvent>> {
    return super.list(query);
  }

  @Get(':id')
  @RequiredRoles(READERS)
  override get(@Param('id') id: string): Promise<TrackingEvent> {
    return super.get(id);
  }
}
