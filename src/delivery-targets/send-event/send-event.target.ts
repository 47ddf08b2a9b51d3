import { Injectable } from '@nestjs/common';
import { SendEventConfig } from './send-event-config';
import { DeliveryTarget } from '../delivery-target.decorator';
import type { DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-target.interface';
import { TargetHttpClient } from '../http-client';
import { deliverMappedJson } from '../json-post';
import { toSendEventPost } from './send-event-payload';

/** `DeliveryTargets.SendEvent`: Sitecore Send website tracking. */
@DeliveryTarget('SendEvent')
@Injectable()
export class SendEventTarget implements DeliveryTargetHandler<SendEventConfig> {
  readonly configModel = SendEventConfig;

  constructor(private readonly http: TargetHttpClient) {}

  deliver({ message, config, trackingEvent, signal }: DeliveryRequest<SendEventConfig>): Promise<DeliveryOutcome> {
    return deliverMappedJson(this.http, toSendEventPost(message, config, trackingEvent.ConfigData), signal, 'Sitecore Send');
  }
}
