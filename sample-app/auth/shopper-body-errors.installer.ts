import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createRequestBodyErrorMiddleware } from '../../src';

const SHOPPER_API_PATH = /^\/v1\/(me|cart|orders)(\/|$)/i;

/**
 * Answers an unparseable request body on the shopper API in the OrderCloud shape too. Body parsing
 * fails before routing, where the controllers' filter cannot see it; installed at module init, after
 * the routes and before Nest's own final error handler, as the library does for its admin API.
 */
@Injectable()
export class ShopperBodyErrorsInstaller implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter.use(createRequestBodyErrorMiddleware((path) => SHOPPER_API_PATH.test(path)));
  }
}
