import { applyDecorators, HttpStatus, type Type } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseListQuery, type ListDefinition } from '../list';
import { ApiErrorException } from '../errors';
import { urlNulRefusal } from '../validation';
import { ApiErrorResponses } from './api-error-responses';
import { ApiExtraModels, ApiProperty, ApiQuery, ApiResponse, ApiSchema, getSchemaPath } from './swagger';

/** `Meta` of an OrderCloud list page. */
@ApiSchema({ name: 'ListPageMeta' })
export class ListPageMetaSchema {
  @ApiProperty({ example: 1, description: 'The page returned, from 1.' })
  Page: number;

  @ApiProperty({ example: 20, description: `Items per page, at most ${MAX_PAGE_SIZE}.` })
  PageSize: number;

  @ApiProperty({ example: 25 })
  TotalCount: number;

  @ApiProperty({ example: 2 })
  TotalPages: number;

  @ApiProperty({
    type: 'array',
    items: { type: 'integer' },
    minItems: 2,
    maxItems: 2,
    example: [1, 20],
    description: 'The 1-based numbers of the first and last item of this page.',
  })
  ItemRange: [number, number];
}

/** A 200 answering OrderCloud's list page of `model`: `{ Meta, Items }`. */
export function ApiListPageResponse(model: Type<unknown>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ListPageMetaSchema, model),
    ApiResponse({
      status: HttpStatus.OK,
      description: `A page of ${model.name}s.`,
      schema: {
        type: 'object',
        required: ['Meta', 'Items'],
        properties: {
          Meta: { $ref: getSchemaPath(ListPageMetaSchema) },
          Items: { type: 'array', items: { $ref: getSchemaPath(model) } },
        },
      },
    }),
  );
}

/**
 * The list's query parameters (`page`, `pageSize`, `search`, `searchOn`, `sortBy`, filters) and its
 * `List.*` errors; `paged: false` for a route that takes every match.
 */
export function ApiListQuery(definition: ListDefinition, { paged = true } = {}): MethodDecorator {
  const fields = Object.entries(definition.fields);
  const searchable = fields.filter(([, field]) => field.searchable).map(([name]) => name);
  const sortable = fields.filter(([, field]) => field.sortable).map(([name]) => name);
  const parameters = paged
    ? [
        ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } }),
        ApiQuery({
          name: 'pageSize',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
        }),
      ]
    : [];
  if (searchable.length > 0) {
    parameters.push(
      ApiQuery({
        name: 'search',
        required: false,
        description: `Text searched for in ${searchable.join(', ')}.`,
        schema: { type: 'string' },
      }),
      ApiQuery({
        name: 'searchOn',
        required: false,
        description: `Comma-separated properties to search: ${searchable.join(', ')}.`,
        schema: { type: 'string' },
      }),
    );
  }
  if (sortable.length > 0) {
    parameters.push(
      ApiQuery({
        name: 'sortBy',
        required: false,
        description: `Comma-separated properties to sort by, \`!\` before one for descending: ${sortable.join(', ')}.`,
        schema: { type: 'string' },
        example: `!${sortable[0]}`,
      }),
    );
  }
  parameters.push(
    ApiQuery({
      name: 'filters',
      required: false,
      style: 'form',
      explode: true,
      description:
        `Filters, one query parameter per property: ${fields.map(([name]) => name).join(', ')}. ` +
        'A value may use `*` (wildcard), `!` (not), `>`, `<`, `>=`, `<=` and `|` (or), e.g. `ID=abc*`.',
      schema: { type: 'object', additionalProperties: { type: 'string' } },
    }),
  );
  return applyDecorators(...parameters, ApiErrorResponses(listQueryErrorExample(definition), urlNulRefusal()));
}

/** The `List.*` errors of a query with every kind of mistake, as the parser answers it. */
function listQueryErrorExample(definition: ListDefinition): ApiErrorException {
  const numberField = Object.entries(definition.fields).find(([, field]) => field.type !== 'string')?.[0];
  try {
    parseListQuery(
      {
        page: '0',
        pageSize: String(MAX_PAGE_SIZE + 1),
        searchOn: 'Unknown',
        sortBy: 'Unknown',
        Unknown: 'x',
        ...(numberField ? { [numberField]: 'x' } : {}),
      },
      definition,
    );
  } catch (error) {
    if (error instanceof ApiErrorException) return error;
    throw error;
  }
  throw new Error('A list query with every kind of mistake was accepted.');
}
