import { RequiredString, RequiredUrl } from '../../../common/validation';
import { WriteOnly } from './write-only.decorator';

/** `DeliveryTargets.MessageSender`: an OrderCloud message sender endpoint. */
export class MessageSenderConfig {
  @WriteOnly()
  @RequiredString({ maxLength: 50 })
  Secret: string;

  @RequiredUrl()
  Endpoint: string;
}
