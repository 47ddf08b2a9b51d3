import { applyDecorators } from '@nestjs/common';
import { ApiErrorException } from '../errors';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema, getSchemaPath } from './swagger';

/** One entry of an OrderCloud error body. */
@ApiSchema({ name: 'ApiError' })
export class ApiErrorSchema {
  @ApiProperty({ description: 'What clients program against, e.g. `NotFound`.', example: 'NotFound' })
  ErrorCode: string;

  @ApiProperty({ example: 'TrackingEvent not found: storefront-order-submitted' })
  Message: string;

  @ApiPropertyOptional({
    description: 'What the error is about: the property, the IDs, the roles.',
    nullable: true,
    example: { ObjectType: 'TrackingEvent', ObjectID: 'storefront-order-submitted' },
  })
  Data: unknown;
}

/**
 * Describes the error responses of a route from instances of the errors it throws: one response per
 * status, its `ErrorCode` values listed, and the instances' own bodies as its examples. Built from
 * the real errors, the document cannot name a code or a message the code does not produce.
 */
export function ApiErrorResponses(...errors: ApiErrorException[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ApiErrorException[]>();
  for (const error of errors) byStatus.set(error.getStatus(), [...(byStatus.get(error.getStatus()) ?? []), error]);
  return applyDecorators(
    ApiExtraModels(ApiErrorSchema),
    ...[...byStatus].map(([status, sameStatus]) => {
      const entries = sameStatus.flatMap((error) => error.errors);
      const codes = [...new Set(entries.map((entry) => entry.ErrorCode))];
      return ApiResponse({
        status,
        description: `OrderCloud error: ${codes.map((code) => `\`${code}\``).join(', ')}.`,
        schema: {
          type: 'object',
          required: ['Errors'],
          properties: {
            Errors: {
              type: 'array',
              items: { allOf: [{ $ref: getSchemaPath(ApiErrorSchema) }, { properties: { ErrorCode: { enum: codes } } }] },
            },
          },
        },
        // One example per code, named by it.
        examples: Object.fromEntries(
          codes.map((code) => [code, { summary: code, value: { Errors: entries.filter((entry) => entry.ErrorCode === code) } }]),
        ),
      });
    }),
  );
}
