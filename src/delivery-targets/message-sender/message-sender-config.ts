import { RequiredString, RequiredUrl } from '../../common/validation';
import { WriteOnly } from '../write-only.decorator';
import { Destination } from '../destination.decorator';

/** `DeliveryTargets.MessageSender`: POST each message to an endpoint, signed with the secret. */
export class MessageSenderConfig {
  @RequiredUrl()
  @Destination()
  Endpoint: string;

  @WriteOnly()
  @RequiredString({ maxLength: 50 })
  Secret: string;
}
