import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { OAuthError } from './oauth-error';

const OAUTH_TOKEN_PATH = /^\/oauth\/token\/?$/i;

/**
 * Answers a token request whose body cannot be parsed (malformed JSON or form, too large) in the
 * OAuth error shape, as every other token error. Body parsing fails before routing, where no filter
 * sees it; installed at module init, after the routes and before Nest's own final error handler.
 */
@Injectable()
export class OAuthBodyErrorsInstaller implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    adapter.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
      const status = (error as { status?: unknown } | null)?.status;
      if (response.headersSent || !OAUTH_TOKEN_PATH.test(request.path) || typeof status !== 'number' || status >= 500) {
        next(error);
        return;
      }
      const refusal = new OAuthError('invalid_request', 'ValidationFailure', 'The request body is not a valid form or JSON object.');
      response.status(refusal.getStatus()).json(refusal.getResponse());
    });
  }
}
