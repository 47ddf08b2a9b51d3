import { IsUUID } from 'class-validator';
import { RequiredString, RequiredUrl } from '../../common/validation';
import { Destination } from '../destination.decorator';

/** `DeliveryTargets.SendEvent`: Sitecore Send website tracking (`/identify`, `/track`). */
export class SendEventConfig {
  // Send scopes every call by the website's ID, a UUID (its tracking library refuses anything else).
  @RequiredString()
  @IsUUID('all', { message: 'must be the UUID of a Sitecore Send website' })
  SiteID: string;

  /** e.g. `https://t.stat-track.com` */
  @RequiredUrl()
  @Destination()
  ServiceEndpoint: string;
}
