import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { createFastifyRequestBodyHook } from '../../src';
import { OAuthError } from './oauth-error';

const OAUTH_TOKEN_PATH = /^\/oauth\/token\/?$/i;

/** A body the client got wrong (malformed JSON or form, too large): the OAuth error every other token error is. */
function oauthBodyRefusal(error: unknown): { status: number; body: unknown } | undefined {
  const candidate = error as { status?: unknown; statusCode?: unknown } | null;
  const status = candidate?.status ?? candidate?.statusCode;
  if (typeof status !== 'number' || status >= 500) return undefined;
  const refusal = new OAuthError('invalid_request', 'ValidationFailure', 'The request body is not a valid form or JSON object.');
  return { status: refusal.getStatus(), body: refusal.getResponse() };
}

/**
 * Answers a token request whose body cannot be parsed in the OAuth error shape. Body parsing fails
 * before routing, where no filter sees it.
 */
@Injectable()
export class OAuthBodyErrorsInstaller implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Fastify: a route error handler, set as the route is registered (the module calls this before). */
  installBeforeRoutes(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const hook = createFastifyRequestBodyHook((path) => OAUTH_TOKEN_PATH.test(path), { answer: oauthBodyRefusal, maxDepth: false });
    adapter.getInstance<{ addHook(name: 'onRoute', hook: unknown): unknown }>().addHook('onRoute', hook);
  }

  /** Express: error middleware after the routes and before Nest's own final error handler. */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    adapter.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
      const refusal = response.headersSent || !OAUTH_TOKEN_PATH.test(request.path) ? undefined : oauthBodyRefusal(error);
      if (!refusal) {
        next(error);
        return;
      }
      response.status(refusal.status).json(refusal.body);
    });
  }
}
