import { ValidateBy } from 'class-validator';
import { HttpHeaderValue, OptionalHeaderName, OptionalString, RequiredString, RequiredUrl } from '../../common/validation';
import { WriteOnly } from '../write-only.decorator';
import { Destination } from '../destination.decorator';

/** Headers the Http target sets itself (and transport headers): a custom auth header cannot take their name. */
export const HTTP_TARGET_OWN_HEADERS = [
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'x-oc-hash',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'traceparent',
  'tracestate',
];

/** `DeliveryTargets.Http`: POST each message to an endpoint, signed with the secret. */
export class HttpConfig {
  @RequiredUrl()
  @Destination()
  Endpoint: string;

  @WriteOnly()
  @RequiredString({ maxLength: 50 })
  Secret: string;

  @OptionalHeaderName('CustomAuthHeaderValue')
  @ValidateBy({
    name: 'isNotOwnHeader',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !HTTP_TARGET_OWN_HEADERS.includes(value.toLowerCase()),
      defaultMessage: () => `must not be a header the Http target sets itself (${HTTP_TARGET_OWN_HEADERS.join(', ')})`,
    },
  })
  CustomAuthHeaderName?: string;

  @WriteOnly({ belongsTo: 'CustomAuthHeaderName' })
  @OptionalString({ maxLength: 50, requiredWith: 'CustomAuthHeaderName' })
  @HttpHeaderValue()
  CustomAuthHeaderValue?: string;
}
