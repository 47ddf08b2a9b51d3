import { OptionalHeaderName, OptionalString, RequiredString, RequiredUrl } from '../../../common/validation';
import { WriteOnly } from './write-only.decorator';

/** `DeliveryTargets.Http`: POST each message to an endpoint, signed with the secret. */
export class HttpConfig {
  @RequiredUrl()
  Endpoint: string;

  @WriteOnly()
  @RequiredString({ maxLength: 50 })
  Secret: string;

  @OptionalHeaderName('CustomAuthHeaderValue')
  CustomAuthHeaderName?: string;

  @WriteOnly({ belongsTo: 'CustomAuthHeaderName' })
  @OptionalString({ maxLength: 50, requiredWith: 'CustomAuthHeaderName' })
  CustomAuthHeaderValue?: string;
}
