import type { Type } from '@nestjs/common';
import type { DeliveryTargetHandler } from './delivery-target.interface';
import { DiscoverEventTarget } from './discover-event';
import { HttpTarget } from './http';
import { MessageSenderTarget } from './message-sender';
import { SendEventTarget } from './send-event';

/** The targets the library delivers to itself, each in its own folder; a host adds its own with the `targets` setting. */
export const BUILT_IN_TARGETS: Type<DeliveryTargetHandler<object, unknown>>[] = [
  HttpTarget,
  SendEventTarget,
  DiscoverEventTarget,
  MessageSenderTarget,
];
