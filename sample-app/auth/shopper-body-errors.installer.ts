import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createFastifyRequestBodyHook, createRequestBodyErrorMiddleware } from '../../src';

const SHOPPER_API_PATH = /^\/v1\/(me|cart|orders)(\/|$)/i;
const isShopperApiPath = (path: string) => SHOPPER_API_PATH.test(path);

/**
 * Answers an unparseable or unsafe request body on the shopper API in the OrderCloud shape too, as
 * the library does for its admin API. Body parsing fails before routing, where the controllers'
 * filter cannot see it.
 */
@Injectable()
export class ShopperBodyErrorsInstaller implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Fastify: the body check and error handler of the routes, set as they are registered (the module calls this before). */
  installBeforeRoutes(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    adapter
      .getInstance<{ addHook(name: 'onRoute', hook: unknown): unknown }>()
      .addHook('onRoute', createFastifyRequestBodyHook(isShopperApiPath));
  }

  /** Express: error middleware after the routes and before Nest's own final error handler. */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    adapter.use(createRequestBodyErrorMiddleware(isShopperApiPath));
  }
}
