import { Injectable } from '@nestjs/common';
import { DiscoverEventConfig } from './discover-event-config';
import { DeliveryTarget } from '../delivery-target.decorator';
import type { DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-target.interface';
import { TargetHttpClient } from '../http-client';
import { deliverMappedJson } from '../json-post';
import { toDiscoverEventPost } from './discover-event-payload';

/** `DeliveryTargets.DiscoverEvent`: Sitecore Discover's events API. */
@DeliveryTarget('DiscoverEvent')
@Injectable()
export class DiscoverEventTarget implements DeliveryTargetHandler<DiscoverEventConfig> {
  readonly configModel = DiscoverEventConfig;

  constructor(private readonly http: TargetHttpClient) {}

  deliver({ message, config, trackingEvent, signal }: DeliveryRequest<DiscoverEventConfig>): Promise<DeliveryOutcome> {
    return deliverMappedJson(this.http, toDiscoverEventPost(message, config, trackingEvent.ConfigData), signal, 'Sitecore Discover');
  }
}
