import { IsBoolean, IsDefined, IsObject, IsOptional } from 'class-validator';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '../../common/openapi';
import { API_ID_MAX_LENGTH, API_ID_PATTERN, OptionalApiId, RequiredString } from '../../common/validation';
import { LIBRARY_TARGET_CONFIG_MODELS } from '../../delivery-targets';

/** The ID the OpenAPI examples show. */
export const EXAMPLE_DELIVERY_CONFIG_ID = 'discover-production';

/**
 * A DeliveryConfig as the API returns it (secrets of its targets are never included), and the
 * OpenAPI schema of its request bodies.
 * @publicApi
 */
export class DeliveryConfig {
  @ApiPropertyOptional({
    description: 'Generated when a create leaves it out; always present in responses.',
    maxLength: API_ID_MAX_LENGTH,
    pattern: API_ID_PATTERN.source,
    example: EXAMPLE_DELIVERY_CONFIG_ID,
  })
  ID: string;

  @ApiProperty({ maxLength: 128, example: 'Discover (production)' })
  Name: string;

  @ApiPropertyOptional({ description: 'Left out on a write means enabled.', default: true, example: true })
  Enabled: boolean;

  /** One configuration per target type the messages are delivered to. */
  @ApiProperty({
    type: 'object',
    description:
      'One configuration per target type the messages are delivered to, at least one. A target the server has not ' +
      'enabled is refused; a host may add targets of its own under their type. Secrets (writeOnly) are never returned.',
    properties: Object.fromEntries(
      Object.entries(LIBRARY_TARGET_CONFIG_MODELS).map(([type, model]) => [type, { allOf: [{ $ref: getSchemaPath(model) }] }]),
    ),
    additionalProperties: { type: 'object', description: "A host's own target." },
    example: {
      DiscoverEvent: { ClientID: 'customer-key', ApiKey: 'discover-api-key', ServiceEndpoint: 'https://discover.sitecorecloud.io' },
    },
  })
  DeliveryTargets: Record<string, Record<string, unknown>>;
}

/** The request body of a create, replace or patched update, checked before anything is stored. */
export class DeliveryConfigBody {
  @OptionalApiId()
  ID?: string;

  @RequiredString({ maxLength: 128 })
  Name: string;

  /** Left out means enabled. */
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  Enabled?: boolean;

  // Each target is checked against its own model by DeliveryTargetsValidator.
  @IsDefined({ message: 'is required' })
  @IsObject({ message: 'must be an object' })
  DeliveryTargets: Record<string, unknown>;
}
