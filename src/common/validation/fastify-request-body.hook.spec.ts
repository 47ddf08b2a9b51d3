import { createFastifyRequestBodyHook, FastifyRouteOptionsLike } from './fastify-request-body.hook';

type Hook = (...args: unknown[]) => unknown;

/** The route options Fastify would pass the hook, with what the hook set on them. */
function routeFor(url: string, options?: Parameters<typeof createFastifyRequestBodyHook>[1]) {
  const route: FastifyRouteOptionsLike = { url, preValidation: [] };
  createFastifyRequestBodyHook((path) => path.startsWith('/v1/api'), options)(route);
  return {
    route,
    preParsing: (route.preParsing as Hook[] | undefined)?.[0],
    preValidation: (route.preValidation as Hook[])[0],
    errorHandler: route.errorHandler as Hook | undefined,
  };
}

/** A reply that records what the error handler sent. */
function replyRecorder() {
  const sent: { status?: number; body?: unknown } = {};
  return {
    sent,
    reply: {
      raw: { headersSent: false },
      status: (status: number) => ((sent.status = status), { send: (body: unknown) => (sent.body = body) }),
    },
  };
}

describe('createFastifyRequestBodyHook', () => {
  it('leaves routes it does not match alone', () => {
    const { route } = routeFor('/v1/cart');
    expect(route).toEqual({ url: '/v1/cart', preValidation: [] });
  });

  it('refuses an over-deep body or a prototype key before validation, naming the path', async () => {
    const { preValidation } = routeFor('/v1/api/things');
    await expect(preValidation({ headers: {}, body: { Name: 'x' } })).resolves.toBeUndefined();
    await expect(preValidation({ headers: {}, body: JSON.parse('['.repeat(33) + ']'.repeat(33)) })).rejects.toMatchObject({
      errors: [{ ErrorCode: 'ValidationFailure', Message: 'The request body is nested deeper than 32 levels.' }],
    });
    await expect(preValidation({ headers: {}, body: JSON.parse('{"a":{"__proto__":{}}}') })).rejects.toMatchObject({
      errors: [{ ErrorCode: 'ValidationFailure', Data: { Property: 'a.__proto__' } }],
    });
    const { route } = routeFor('/v1/api/things', { maxDepth: false });
    expect(route.preValidation).toEqual([]);
  });

  it('answers body errors in the OrderCloud shape, or with the answer given, and passes on the others', () => {
    const { errorHandler } = routeFor('/v1/api/things');
    const { sent, reply } = replyRecorder();
    errorHandler!(Object.assign(new Error('too large'), { statusCode: 413 }), {}, reply);
    expect(sent).toEqual({
      status: 400,
      body: { Errors: [{ ErrorCode: 'ValidationFailure', Message: 'Request body is larger than the server accepts.', Data: null }] },
    });
    const unexpected = new Error('database down');
    expect(() => errorHandler!(unexpected, {}, reply)).toThrow(unexpected);

    const custom = routeFor('/v1/api/token', { answer: () => ({ status: 400, body: { error: 'invalid_request' } }) });
    const recorded = replyRecorder();
    custom.errorHandler!(new Error('any'), {}, recorded.reply);
    expect(recorded.sent).toEqual({ status: 400, body: { error: 'invalid_request' } });
  });

  it('reads an empty body labelled JSON as {} and a missing one as none, as Express does', () => {
    const { preParsing } = routeFor('/v1/api/things');
    const done = jest.fn();
    const empty = { headers: { 'content-type': 'application/json', 'content-length': '0' } as Record<string, string>, body: undefined };
    preParsing!(empty, {}, 'payload', done);
    expect(empty).toEqual({ headers: { 'content-length': '0' }, body: {} });
    const none = { headers: { 'content-type': 'application/json; charset=utf-8' } as Record<string, string>, body: undefined };
    preParsing!(none, {}, 'payload', done);
    expect(none).toEqual({ headers: {}, body: undefined });
    const full = { headers: { 'content-type': 'application/json', 'content-length': '2' }, body: undefined };
    preParsing!(full, {}, 'payload', done);
    expect(full.headers['content-type']).toBe('application/json');
    expect(done).toHaveBeenCalledTimes(3);
    expect(done).toHaveBeenCalledWith(null, 'payload');
  });
});
