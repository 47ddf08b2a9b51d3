import { HttpHeaderValue, RequiredString, RequiredUrl } from '../../common/validation';
import { ApiProperty } from '../../common/openapi';
import { WriteOnly } from '../write-only.decorator';
import { Destination } from '../destination.decorator';

/** `DeliveryTargets.DiscoverEvent`: Sitecore Discover events API. */
export class DiscoverEventConfig {
  @ApiProperty({ maxLength: 200, description: 'The Discover customer key.', example: 'customer-key' })
  @RequiredString({ maxLength: 200 })
  ClientID: string;

  @ApiProperty({ writeOnly: true, maxLength: 2000, description: 'Sent as the `Authorization` header.', example: 'discover-api-key' })
  @WriteOnly()
  @RequiredString({ maxLength: 2000 })
  @HttpHeaderValue()
  ApiKey: string;

  @ApiProperty({ format: 'uri', maxLength: 2000, example: 'https://discover.sitecorecloud.io' })
  @RequiredUrl()
  @Destination()
  ServiceEndpoint: string;
}
