import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';
import { toApiErrorResponse } from './to-api-error-response';

/**
 * Answers every error raised by the controllers it is bound to in the OrderCloud shape
 * `{ "Errors": [{ "ErrorCode", "Message", "Data" }] }`. The library binds it to its own controllers
 * only, so the host's routes keep the host's error format; a host may bind it to its own.
 * @publicApi
 */
@Catch()
export class OrderCloudExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response: unknown = host.switchToHttp().getResponse();
    const reply = toApiErrorResponse(exception);
    if (reply.unexpected) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`Request failed: ${error.message}`, error.stack);
    }
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(response)) return;
    adapter.reply(response, reply.body, reply.status);
  }
}
