import { Body, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { AdminApi } from './auth';
import type { SavedResource } from './create-or-replace';
import type { ListPage } from '../common/list';

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

/**
 * The six OrderCloud endpoints of an admin resource (list, get, create, save, patch, delete) with
 * OrderCloud's status codes, errors and role checks. A subclass names the path and the roles.
 */
@AdminApi()
export abstract class AdminResourceController<T extends { ID: string }> {
  protected constructor(private readonly resources: AdminResourceService<T>) {}

  @Get()
  list(@Query() query: Record<string, unknown>): Promise<ListPage<T>> {
    return this.resources.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<T> {
    return this.resources.get(id);
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
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
  async save(@Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) response: ResponseHeaders): Promise<T> {
    const { resource, created } = await this.resources.save(id, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return resource;
  }

  @Patch(':id')
  patch(@Param('id') id: string, @Body() body: unknown): Promise<T> {
    return this.resources.patch(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@Param('id') id: string): Promise<void> {
    return this.resources.delete(id);
  }
}
