import { RequiredString } from '../../../common/validation';
import { WriteOnly } from './write-only.decorator';

/**
 * `DeliveryTargets.Mailchimp` (Mailchimp Transactional, formerly Mandrill). The JavaScript SDK
 * calls the target `Mailchimp`, the .NET SDK `Mandrill`; both names are accepted.
 */
export class MailchimpConfig {
  @WriteOnly()
  @RequiredString({ maxLength: 50 })
  ApiKey: string;
}
