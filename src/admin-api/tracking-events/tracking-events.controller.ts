import { Controller } from '@nestjs/common';
import { ApiRoles } from '../../common/api-roles';
import { AdminResourceController } from '../admin-resource.controller';
import { AdminRoles } from '../auth';
import { EXAMPLE_DELIVERY_CONFIG_ID } from '../delivery-configs/delivery-config.model';
import { EXAMPLE_TRACKING_EVENT_ID, TrackingEvent, TrackingEventBody } from './tracking-event.model';
import {
  CannotUpdatePropertyError,
  DuplicateEventTypeError,
  InvalidClientIdError,
  InvalidDeliveryConfigIdError,
} from './tracking-event.errors';
import { TRACKING_EVENT_LIST, TrackingEventsService } from './tracking-events.service';

/**
 * `/integrations/TrackingEvents`: OrderCloud's Tracking Events endpoints. Express matches routes
 * without regard to case, so the SDK's `/integrations/trackingEvents` reaches them too.
 */
@Controller('integrations/TrackingEvents')
@AdminRoles([ApiRoles.FullAccess, ApiRoles.TrackingEventAdmin])
export class TrackingEventsController extends AdminResourceController({
  model: TrackingEvent,
  body: TrackingEventBody,
  exampleId: EXAMPLE_TRACKING_EVENT_ID,
  list: TRACKING_EVENT_LIST,
  readerRoles: [ApiRoles.FullAccess, ApiRoles.TrackingEventAdmin, ApiRoles.TrackingEventReader],
  writeErrors: [
    new InvalidClientIdError('storefront'),
    new InvalidDeliveryConfigIdError(EXAMPLE_DELIVERY_CONFIG_ID),
    new CannotUpdatePropertyError(['EventType']),
    new DuplicateEventTypeError('storefront', 'OrderSubmitted', EXAMPLE_TRACKING_EVENT_ID),
  ],
}) {
  constructor(trackingEvents: TrackingEventsService) {
    super(trackingEvents);
  }
}
