import { Allow, IsDefined, IsIn } from 'class-validator';
import { TRACKING_EVENT_TYPES, TrackingEventType } from '../../common/tracking-event-type';
import { OptionalApiId, RequiredString } from '../../common/validation';

/**
 * A TrackingEvent as the API returns it.
 * @publicApi
 */
export interface TrackingEvent {
  ID: string;
  EventType: TrackingEventType;
  ClientID: string;
  Name: string;
  ConfigData: unknown;
  DeliveryConfigID: string;
}

/** The request body of a create, replace or patched update, checked before anything is stored. */
export class TrackingEventBody {
  @OptionalApiId()
  ID?: string;

  @IsDefined({ message: 'is required' })
  @IsIn(TRACKING_EVENT_TYPES, { message: `must be one of ${TRACKING_EVENT_TYPES.join(', ')}` })
  EventType: TrackingEventType;

  @RequiredString({ maxLength: 100 })
  ClientID: string;

  @RequiredString({ maxLength: 128 })
  Name: string;

  /** Any JSON, e.g. `{ "ProductUrlTemplate": "https://shop.example.com/p/{ProductID}" }`. */
  @Allow()
  ConfigData?: unknown;

  @RequiredString({ maxLength: 100 })
  DeliveryConfigID: string;
}
