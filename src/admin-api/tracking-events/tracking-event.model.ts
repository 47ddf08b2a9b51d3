import { Allow, IsDefined, IsIn } from 'class-validator';
import { TRACKING_EVENT_TYPES, TrackingEventType } from '../../common/tracking-event-type';
import { ApiProperty, ApiPropertyOptional } from '../../common/openapi';
import { EXAMPLE_DELIVERY_CONFIG_ID } from '../delivery-configs/delivery-config.model';
import { API_ID_MAX_LENGTH, API_ID_PATTERN, OptionalApiId, RequiredString } from '../../common/validation';

/** The ID the OpenAPI examples show. */
export const EXAMPLE_TRACKING_EVENT_ID = 'storefront-order-submitted';

/**
 * A TrackingEvent as the API returns it, and the OpenAPI schema of its request bodies.
 * @publicApi
 */
export class TrackingEvent {
  @ApiPropertyOptional({
    description: 'Generated when a create leaves it out; always present in responses.',
    maxLength: API_ID_MAX_LENGTH,
    pattern: API_ID_PATTERN.source,
    example: EXAMPLE_TRACKING_EVENT_ID,
  })
  ID: string;

  @ApiProperty({ enum: TRACKING_EVENT_TYPES, description: 'Fixed once created.', example: 'OrderSubmitted' })
  EventType: TrackingEventType;

  @ApiProperty({ description: 'The API client whose events are tracked; fixed once created.', maxLength: 100, example: 'storefront' })
  ClientID: string;

  @ApiProperty({ maxLength: 128, example: 'Storefront orders to Discover' })
  Name: string;

  @ApiPropertyOptional({
    description: 'Any JSON, passed to the targets with each message.',
    nullable: true,
    example: { ProductUrlTemplate: 'https://shop.example.com/p/{ProductID}' },
  })
  ConfigData: unknown;

  @ApiProperty({ description: 'The DeliveryConfig the events go to.', maxLength: 100, example: EXAMPLE_DELIVERY_CONFIG_ID })
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
