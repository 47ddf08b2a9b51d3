import { Injectable } from '@nestjs/common';
import { HttpConfig } from './http-config';
import { DeliveryTarget } from '../delivery-target.decorator';
import type { DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-target.interface';
import { TargetHttpClient } from '../http-client';
import { postJson } from '../json-post';
import { toHttpPost } from './http-envelope';

/** `DeliveryTargets.Http`: POSTs each message to the configured endpoint, signed with its secret. */
@DeliveryTarget('Http')
@Injectable()
export class HttpTarget implements DeliveryTargetHandler<HttpConfig> {
  readonly configModel = HttpConfig;

  constructor(private readonly http: TargetHttpClient) {}

  deliver({ message, config, deliveryId, signal, traceHeaders }: DeliveryRequest<HttpConfig>): Promise<DeliveryOutcome> {
    // Standard Webhooks wants the time of this attempt, not of the event, in `webhook-timestamp`.
    const post = toHttpPost(message, config, deliveryId, new Date());
    return postJson(this.http, { ...post, headers: { ...post.headers, ...traceHeaders } }, signal, 'Http endpoint');
  }
}
