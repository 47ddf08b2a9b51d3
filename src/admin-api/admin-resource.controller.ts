import {
  applyDecorators,
  Body,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  type Type,
} from '@nestjs/common';
import { AdminApi, AdminRoles } from './auth';
import type { SavedResource } from './create-or-replace';
import type { ListDefinition, ListPage } from '../common/list';
import { ApiErrorException, IdExistsError, NotFoundError, ValidationFailureError } from '../common/errors';
import { urlNulRefusal, validateModel } from '../common/validation';
import {
  ApiBody,
  ApiErrorResponses,
  ApiListPageResponse,
  ApiListQuery,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  PartialType,
} from '../common/openapi';

/** The OrderCloud CRUD operations of one admin resource. */
export interface AdminResourceService<T> {
  list(query: Record<string, unknown>): Promise<ListPage<T>>;
  get(id: string): Promise<T>;
  create(body: unknown): Promise<T>;
  save(id: string, body: unknown): Promise<SavedResource<T>>;
  patch(id: string, body: unknown): Promise<T>;
  delete(id: string): Promise<void>;
}

/** The part of Express' and Fastify's response objects the controllers use. */
interface ResponseHeaders {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/** The six endpoints, as a subclass sees them. */
export interface AdminResourceEndpoints<T> {
  list(query: Record<string, unknown>): Promise<ListPage<T>>;
  get(id: string): Promise<T>;
  create(body: unknown, request: { originalUrl?: string; url?: string }, response: ResponseHeaders): Promise<T>;
  save(id: string, body: unknown, response: ResponseHeaders): Promise<T>;
  patch(id: string, body: unknown): Promise<T>;
  delete(id: string): Promise<void>;
}

/** What the OpenAPI description of a resource's endpoints needs to know about it. */
export interface AdminResourceDescription<T> {
  /** The model of its responses and request bodies, decorated for OpenAPI. */
  model: Type<T>;
  /** The class its request bodies are validated with: an empty body's problems are the ValidationFailure example. */
  body: Type<object>;
  /** The ID the model's schema shows, for the examples of paths and errors. */
  exampleId: string;
  list: ListDefinition;
  /** The roles that may list and get, in place of the subclass's roles there (so they include them). */
  readerRoles?: readonly string[];
  /** The errors of its own rules a create, replace or patch answers, beside ValidationFailure and IdExists. */
  writeErrors?: ApiErrorException[];
  /** The errors a delete answers beside NotFound. */
  deleteErrors?: ApiErrorException[];
}

/**
 * The six OrderCloud endpoints of an admin resource (list, get, create, save, patch, delete) with
 * OrderCloud's status codes, errors and role checks. A subclass names the path and the roles. Made per
 * resource, so that each resource's routes carry their own OpenAPI description (Nest and Swagger read
 * it from the route methods, which a plain base class would share between its subclasses).
 */
export function AdminResourceController<T extends { ID: string }>(
  resource: AdminResourceDescription<T>,
): abstract new (resources: AdminResourceService<T>) => AdminResourceEndpoints<T> {
  const name = resource.model.name;
  const idParameter = ApiParam({ name: 'id', description: `The ${name}'s ID.`, example: resource.exampleId });
  const notFound = new NotFoundError(name, resource.exampleId);
  const invalid = new ValidationFailureError(validateModel(resource.body, {}).problems);
  const idExists = new IdExistsError(name, resource.exampleId);
  const writeErrors = resource.writeErrors ?? [];
  const bodyOf = (description: string, type: Type<unknown> = resource.model) => ApiBody({ type, description });
  const answers = (status: HttpStatus, description: string) => ApiResponse({ status, description, type: resource.model });
  const readers = applyDecorators(...(resource.readerRoles ? [AdminRoles(resource.readerRoles)] : []));

  @AdminApi()
  @ApiTags(`${name}s`)
  abstract class AdminResourceControllerOf implements AdminResourceEndpoints<T> {
    constructor(private readonly resources: AdminResourceService<T>) {}

    @Get()
    @readers
    @ApiOperation({ summary: `List ${name}s` })
    @ApiListPageResponse(resource.model)
    @ApiListQuery(resource.list)
    list(@Query() query: Record<string, unknown>): Promise<ListPage<T>> {
      return this.resources.list(query);
    }

    @Get(':id')
    @readers
    @ApiOperation({ summary: `Get a ${name}` })
    @applyDecorators(idParameter, answers(HttpStatus.OK, `The ${name}.`), ApiErrorResponses(notFound))
    get(@Param('id') id: string): Promise<T> {
      return this.resources.get(id);
    }

    @Post()
    @HttpCode(HttpStatus.CREATED)
    @ApiOperation({ summary: `Create a ${name}`, description: 'The `Location` header names the new resource.' })
    @applyDecorators(
      bodyOf(`The ${name}; its ID is generated when left out.`),
      answers(HttpStatus.CREATED, `The ${name} created.`),
      ApiErrorResponses(invalid, ...writeErrors, idExists),
    )
    async create(
      @Body() body: unknown,
      @Req() request: { originalUrl?: string; url?: string },
      @Res({ passthrough: true }) response: ResponseHeaders,
    ): Promise<T> {
      const created = await this.resources.create(body);
      const collection = (request.originalUrl ?? request.url ?? '').split('?')[0].replace(/\/+$/, '');
      response.header('Location', `${collection}/${encodeURIComponent(created.ID)}`);
      return created;
    }

    @Put(':id')
    @ApiOperation({ summary: `Create or replace a ${name}`, description: 'Secrets the body leaves out are kept.' })
    @applyDecorators(
      idParameter,
      bodyOf(`The whole ${name}; the path names its ID.`),
      answers(HttpStatus.OK, `The ${name} replaced.`),
      answers(HttpStatus.CREATED, `The ${name} created.`),
      ApiErrorResponses(invalid, ...writeErrors),
    )
    async save(@Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) response: ResponseHeaders): Promise<T> {
      const { resource: saved, created } = await this.resources.save(id, body);
      response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
      return saved;
    }

    @Patch(':id')
    @ApiOperation({
      summary: `Update part of a ${name}`,
      description: 'A JSON merge patch: only the properties given change, null removes one; an `ID` moves the resource.',
    })
    @applyDecorators(
      idParameter,
      bodyOf(`The properties of the ${name} to change.`, PartialType(resource.model)),
      answers(HttpStatus.OK, `The ${name} updated.`),
      ApiErrorResponses(invalid, ...writeErrors, notFound, idExists),
    )
    patch(@Param('id') id: string, @Body() body: unknown): Promise<T> {
      return this.resources.patch(id, body);
    }

    @Delete(':id')
    @HttpCode(HttpStatus.NO_CONTENT)
    @ApiOperation({ summary: `Delete a ${name}` })
    @applyDecorators(
      idParameter,
      ApiResponse({ status: HttpStatus.NO_CONTENT, description: `The ${name} is deleted.` }),
      // A route's own 400s replace the admin API's URL refusal in the description: listed again with them.
      ApiErrorResponses(notFound, ...(resource.deleteErrors ?? []), urlNulRefusal()),
    )
    delete(@Param('id') id: string): Promise<void> {
      return this.resources.delete(id);
    }
  }
  return AdminResourceControllerOf;
}
