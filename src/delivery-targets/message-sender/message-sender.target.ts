import { Injectable } from '@nestjs/common';
import { DeliveryTarget } from '../delivery-target.decorator';
import type { DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-target.interface';
import { toHttpPost } from '../http/http-envelope';
import { TargetHttpClient } from '../http-client';
import { postJson } from '../json-post';
import { MessageSenderConfig } from './message-sender-config';

/**
 * `DeliveryTargets.MessageSender`: OrderCloud's message sender endpoint, a POST of the same envelope and
 * signatures as the Http target (`x-oc-hash` over the raw body, Standard Webhooks headers with the
 * delivery ID), without a custom auth header.
 */
@DeliveryTarget('MessageSender')
@Injectable()
export class MessageSenderTarget implements DeliveryTargetHandler<MessageSenderConfig> {
  readonly configModel = MessageSenderConfig;

  constructor(private readonly http: TargetHttpClient) {}

  deliver({ message, config, deliveryId, signal, traceHeaders }: DeliveryRequest<MessageSenderConfig>): Promise<DeliveryOutcome> {
    const post = toHttpPost(message, { Endpoint: config.Endpoint, Secret: config.Secret }, deliveryId, new Date());
    return postJson(this.http, { ...post, headers: { ...post.headers, ...traceHeaders } }, signal, 'MessageSender endpoint');
  }
}
