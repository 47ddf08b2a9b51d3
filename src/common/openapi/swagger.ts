import type * as SwaggerPackage from '@nestjs/swagger';

type Swagger = typeof SwaggerPackage;

/**
 * `@nestjs/swagger` is an optional peer: when the host has it, the admin API's routes carry their
 * OpenAPI description; when it does not, these decorators do nothing and the library runs the same.
 */
function loadSwagger(): Swagger | undefined {
  try {
    // A require, not an import: an import of a missing package would fail the library's own loading.
    return require('@nestjs/swagger') as Swagger;
  } catch (error) {
    // Only the package itself missing: a broken installation of it still fails loudly.
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'MODULE_NOT_FOUND' && String(message).startsWith("Cannot find module '@nestjs/swagger'")) return undefined;
    throw error;
  }
}

const swagger = loadSwagger();

const noDecorator = () => () => undefined;

export const ApiBearerAuth: Swagger['ApiBearerAuth'] = swagger?.ApiBearerAuth ?? noDecorator;
export const ApiBody: Swagger['ApiBody'] = swagger?.ApiBody ?? noDecorator;
export const ApiExtraModels: Swagger['ApiExtraModels'] = swagger?.ApiExtraModels ?? noDecorator;
export const ApiOperation: Swagger['ApiOperation'] = swagger?.ApiOperation ?? noDecorator;
export const ApiParam: Swagger['ApiParam'] = swagger?.ApiParam ?? noDecorator;
export const ApiProperty: Swagger['ApiProperty'] = swagger?.ApiProperty ?? noDecorator;
export const ApiPropertyOptional: Swagger['ApiPropertyOptional'] = swagger?.ApiPropertyOptional ?? noDecorator;
export const ApiQuery: Swagger['ApiQuery'] = swagger?.ApiQuery ?? noDecorator;
export const ApiResponse: Swagger['ApiResponse'] = swagger?.ApiResponse ?? noDecorator;
export const ApiSchema: Swagger['ApiSchema'] = swagger?.ApiSchema ?? noDecorator;
export const ApiTags: Swagger['ApiTags'] = swagger?.ApiTags ?? noDecorator;

/** The model with every property optional, named `Partial<Model>` in the document; the model itself without Swagger. */
export const PartialType: Swagger['PartialType'] = swagger?.PartialType ?? ((model) => model);

/** `#/components/schemas/<name>` of a model class; the same reference `@nestjs/swagger` makes. */
export const getSchemaPath: Swagger['getSchemaPath'] =
  swagger?.getSchemaPath ?? ((model) => `#/components/schemas/${typeof model === 'string' ? model : model.name}`);
