import { RequiredString, RequiredUrl } from '../../common/validation';
import { ApiProperty } from '../../common/openapi';
import { WriteOnly } from '../write-only.decorator';
import { Destination } from '../destination.decorator';

/** `DeliveryTargets.MessageSender`: POST each message to an endpoint, signed with the secret. */
export class MessageSenderConfig {
  @ApiProperty({ format: 'uri', maxLength: 2000, example: 'https://mail.example.com/tracking' })
  @RequiredUrl()
  @Destination()
  Endpoint: string;

  @ApiProperty({ writeOnly: true, maxLength: 50, description: 'Signs each request.', example: 'signing-secret' })
  @WriteOnly()
  @RequiredString({ maxLength: 50 })
  Secret: string;
}
