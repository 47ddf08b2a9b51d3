import { HttpHeaderValue, RequiredString, RequiredUrl } from '../../common/validation';
import { WriteOnly } from '../write-only.decorator';
import { Destination } from '../destination.decorator';

/** `DeliveryTargets.DiscoverEvent`: Sitecore Discover events API. */
export class DiscoverEventConfig {
  /** The Discover customer key. */
  @RequiredString({ maxLength: 200 })
  ClientID: string;

  @WriteOnly()
  /** Sent as the `Authorization` header. */
  @RequiredString({ maxLength: 2000 })
  @HttpHeaderValue()
  ApiKey: string;

  /** e.g. `https://discover.sitecorecloud.io` */
  @RequiredUrl()
  @Destination()
  ServiceEndpoint: string;
}
