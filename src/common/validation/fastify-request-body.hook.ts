import { toApiErrorResponse, ValidationFailureError } from '../errors';
import { MAX_JSON_DEPTH, unsafeJsonProblem } from './json-limits';

/** The parts of a Fastify route's options the hook sets (typed here: Fastify is the host's choice, not a dependency). */
export interface FastifyRouteOptionsLike {
  url: string;
  preParsing?: unknown;
  preValidation?: unknown;
  errorHandler?: unknown;
}

interface FastifyRequestLike {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

interface FastifyReplyLike {
  raw: { headersSent: boolean };
  status(code: number): { send(payload: unknown): unknown };
}

type DoneCallback = (error: Error | null, payload: unknown) => void;

/** A route's hooks of one kind, none, one or a list, as a list. */
function hooksOf(hooks: unknown): unknown[] {
  return hooks === undefined ? [] : [hooks].flat();
}

/** What a request-body error is answered with; `undefined` leaves it to the next error handler. */
export type RequestBodyErrorAnswer = (error: unknown) => { status: number; body: unknown } | undefined;

/** The OrderCloud shape, for every error a client caused; the others go on to the host's handler. */
const answerInOrderCloudShape: RequestBodyErrorAnswer = (error) => {
  const reply = toApiErrorResponse(error);
  return reply.unexpected ? undefined : reply;
};

/**
 * A Fastify `onRoute` hook giving the routes whose path `matches` what Express hosts get from
 * `createRequestBodyCheckMiddleware` and `createRequestBodyErrorMiddleware`: a parsed body nested deeper
 * than `maxDepth` or holding a prototype key is refused (Nest middleware runs before Fastify parses
 * bodies, so it cannot check them), and a body Fastify cannot parse (malformed, too large, of another
 * content type) is answered in the OrderCloud shape, or with `answer`. Add it before Nest registers the
 * routes (at `init()` or `listen()`): `app.getHttpAdapter().getInstance().addHook('onRoute', createFastifyRequestBodyHook(isMyApiPath))`.
 * @publicApi
 */
export function createFastifyRequestBodyHook(
  matches: (path: string) => boolean,
  options: { answer?: RequestBodyErrorAnswer; maxDepth?: number | false } = {},
) {
  const { answer = answerInOrderCloudShape, maxDepth = MAX_JSON_DEPTH } = options;
  // Fastify refuses an empty body labelled JSON (a DELETE sent with the header, a PATCH changing nothing),
  // which Express reads as `{}` (as no body at all without a Content-Length). Unlabelled, Fastify parses nothing.
  function trackingEventsEmptyJsonBody(request: FastifyRequestLike, _reply: unknown, payload: unknown, done: DoneCallback): void {
    const { headers } = request;
    const length = headers['content-length'];
    const empty = headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
    if (empty && /^application\/json\b/i.test(String(headers['content-type']))) {
      delete headers['content-type'];
      if (length === '0') request.body = {};
    }
    done(null, payload);
  }
  async function trackingEventsRequestBodyCheck(request: FastifyRequestLike): Promise<void> {
    const problem = maxDepth === false ? undefined : unsafeJsonProblem(request.body, maxDepth);
    if (problem) throw new ValidationFailureError(problem);
  }
  // A route's own error handler runs before the instance's (Nest's); what it throws goes on to that one.
  function trackingEventsRequestBodyError(error: unknown, _request: unknown, reply: FastifyReplyLike): void {
    const answered = reply.raw.headersSent ? undefined : answer(error);
    if (!answered) throw error;
    reply.status(answered.status).send(answered.body);
  }
  return function trackingEventsRequestBodyRoute(route: FastifyRouteOptionsLike): void {
    if (!matches(route.url)) return;
    route.preParsing = [...hooksOf(route.preParsing), trackingEventsEmptyJsonBody];
    if (maxDepth !== false) {
      route.preValidation = [...hooksOf(route.preValidation), trackingEventsRequestBodyCheck];
    }
    if (route.errorHandler === undefined) route.errorHandler = trackingEventsRequestBodyError;
  };
}
