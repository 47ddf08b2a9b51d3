import { Injectable, NestMiddleware } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

/**
 * The HTTP request being served, wherever the code that handles it runs: a decorated service
 * method has no request argument, yet its event belongs to the request's API client and user.
 */
@Injectable()
export class RequestContext {
  private readonly storage = new AsyncLocalStorage<IncomingMessage>();

  run<T>(request: IncomingMessage, work: () => T): T {
    return this.storage.run(request, work);
  }

  /** The current request, or undefined outside of one (a job, a script, start-up). */
  current(): IncomingMessage | undefined {
    return this.storage.getStore();
  }
}

/**
 * Counts the HTTP requests this process starts serving: workers in the same process hold their
 * deliveries back while requests keep the event loop busy.
 */
@Injectable()
export class RequestActivity {
  private started = 0;

  count(): void {
    this.started++;
  }

  /** The requests started since the last call. */
  takeCount(): number {
    const started = this.started;
    this.started = 0;
    return started;
  }
}

/** Makes the request available to RequestContext for everything that runs while serving it, and counts it. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(
    private readonly context: RequestContext,
    private readonly activity: RequestActivity,
  ) {}

  use(request: IncomingMessage, _response: unknown, next: () => void): void {
    this.activity.count();
    this.context.run(request, next);
  }
}
