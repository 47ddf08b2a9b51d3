import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiErrorException, ApiErrorResponse } from './api-error';

/** What the admin API answers for an error. */
export interface ApiErrorReply {
  status: number;
  body: ApiErrorResponse;
  /** Set for errors the client did not cause; they are logged with their stack. */
  unexpected?: boolean;
}

const BAD_REQUEST_CODE = 'ValidationFailure';

/**
 * Turns anything thrown while serving an admin API request into an OrderCloud error reply.
 * Request-shaped failures raised outside the library's own checks (body parsing, Nest's pipes)
 * become 400s; only errors the client could not have caused become a 500 `ServerError`.
 */
export function toApiErrorResponse(error: unknown): ApiErrorReply {
  if (error instanceof ApiErrorException) {
    return { status: error.getStatus(), body: { Errors: error.errors } };
  }
  const httpStatus = statusOf(error);
  if (httpStatus === HttpStatus.PAYLOAD_TOO_LARGE) {
    // The contract answers every bad request body with a 400, an oversized one included.
    return reply(HttpStatus.BAD_REQUEST, BAD_REQUEST_CODE, 'Request body is larger than the server accepts.');
  }
  if (httpStatus === HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
    // Fastify refuses a content type it has no parser for; Express leaves such a body unread, which the API refuses so.
    return reply(HttpStatus.BAD_REQUEST, BAD_REQUEST_CODE, 'The request body must be a JSON object.');
  }
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500) {
    return reply(httpStatus, codeForStatus(httpStatus), messageOf(error));
  }
  return {
    ...reply(HttpStatus.INTERNAL_SERVER_ERROR, 'ServerError', 'An unexpected error occurred on the server.'),
    unexpected: true,
  };
}

function reply(status: number, code: string, message: string): ApiErrorReply {
  return { status, body: { Errors: [{ ErrorCode: code, Message: message, Data: null }] } };
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  // http-errors (body-parser, Express) carry `status`/`statusCode` and `expose`.
  const candidate = error as { status?: unknown; statusCode?: unknown } | null;
  const status = candidate?.status ?? candidate?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
    return error.message;
  }
  if (error instanceof SyntaxError) return `Request body is not valid JSON: ${error.message}`;
  // Fastify's JSON parser says neither where the syntax broke nor that it refused a prototype key (its default).
  if ((error as { code?: unknown } | null)?.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return 'Request body is not valid JSON or holds a prototype key.';
  }
  const candidate = error as { expose?: boolean; message?: string };
  return candidate.expose !== false && candidate.message ? candidate.message : 'The request is invalid.';
}

function codeForStatus(status: number): string {
  switch (status) {
    case HttpStatus.UNAUTHORIZED:
      return 'InvalidToken';
    case HttpStatus.FORBIDDEN:
      return 'Auth.InsufficientRoles';
    case HttpStatus.NOT_FOUND:
      return 'NotFound';
    case HttpStatus.METHOD_NOT_ALLOWED:
      return 'MethodNotAllowed';
    case HttpStatus.CONFLICT:
      return 'Conflict';
    default:
      return BAD_REQUEST_CODE;
  }
}
