import { ValidateBy } from 'class-validator';
import { HttpHeaderValue, OptionalHeaderName, OptionalString, RequiredString, RequiredUrl } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '../../common/openapi';
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
  @ApiProperty({ format: 'uri', maxLength: 2000, example: 'https://hooks.example.com/tracking' })
  @RequiredUrl()
  @Destination()
  Endpoint: string;

  @ApiProperty({
    writeOnly: true,
    maxLength: 50,
    description: 'Signs each request (`x-oc-hash`, `webhook-signature`).',
    example: 'signing-secret',
  })
  @WriteOnly()
  @RequiredString({ maxLength: 50 })
  Secret: string;

  @ApiPropertyOptional({
    maxLength: 100,
    description: `A header sent with each request, not one the target sets itself (${HTTP_TARGET_OWN_HEADERS.join(', ')}).`,
    example: 'x-api-key',
  })
  @OptionalHeaderName('CustomAuthHeaderValue')
  @ValidateBy({
    name: 'isNotOwnHeader',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !HTTP_TARGET_OWN_HEADERS.includes(value.toLowerCase()),
      defaultMessage: () => `must not be a header the Http target sets itself (${HTTP_TARGET_OWN_HEADERS.join(', ')})`,
    },
  })
  CustomAuthHeaderName?: string;

  @ApiPropertyOptional({ writeOnly: true, maxLength: 50, description: 'Required with CustomAuthHeaderName.', example: 'api-key-value' })
  @WriteOnly({ belongsTo: 'CustomAuthHeaderName' })
  @OptionalString({ maxLength: 50, requiredWith: 'CustomAuthHeaderName' })
  @HttpHeaderValue()
  CustomAuthHeaderValue?: string;
}
