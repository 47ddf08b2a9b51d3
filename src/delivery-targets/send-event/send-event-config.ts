import { IsUUID } from 'class-validator';
import { RequiredString, RequiredUrl } from '../../common/validation';
import { ApiProperty } from '../../common/openapi';
import { Destination } from '../destination.decorator';

/** `DeliveryTargets.SendEvent`: Sitecore Send website tracking (`/identify`, `/track`). */
export class SendEventConfig {
  // Send scopes every call by the website's ID, a UUID (its tracking library refuses anything else).
  @ApiProperty({ format: 'uuid', description: 'The Sitecore Send website ID.', example: '5f0c1c5e-8a4b-4c52-9d37-2f6b1d7e9a10' })
  @RequiredString()
  @IsUUID('all', { message: 'must be the UUID of a Sitecore Send website' })
  SiteID: string;

  @ApiProperty({ format: 'uri', maxLength: 2000, example: 'https://t.stat-track.com' })
  @RequiredUrl()
  @Destination()
  ServiceEndpoint: string;
}
