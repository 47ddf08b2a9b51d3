import { getEventListeners } from 'node:events';
import { DeliveryFailedError } from '../delivery-failed.error';
import { LoopbackReceiver, startLoopbackReceiver } from '../loopback-receiver.fixtures';
import { ALLOW_PRIVATE_NETWORKS, REFUSE_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { assertAccepted, TargetHttpClient } from './target-http-client';

describe('TargetHttpClient', () => {
  let receiver: LoopbackReceiver;
  let client: TargetHttpClient;

  beforeEach(async () => {
    receiver = await startLoopbackReceiver();
    client = new TargetHttpClient(ALLOW_PRIVATE_NETWORKS);
  });

  afterEach(async () => {
    await client.onApplicationShutdown();
    await receiver.close();
  });

  const post = (path: string, signal = new AbortController().signal) =>
    client.post(`${receiver.origin}${path}`, Buffer.from('{"a":1}'), { 'Content-Type': 'application/json', 'x-test': 'yes' }, signal);

  it('POSTs the exact body and headers to the path and query, and answers with the status; an acceptance has no excerpt', async () => {
    receiver.answerWith({ status: 202, headers: { 'content-type': 'text/plain' }, body: 'accepted, with a body nobody reads' });

    const response = await post('/hooks/in?key=1');

    expect(response).toMatchObject({ status: 202, bodyExcerpt: '' });
    expect(receiver.received).toEqual([expect.objectContaining({ method: 'POST', path: '/hooks/in?key=1', body: Buffer.from('{"a":1}') })]);
    expect(receiver.received[0].headers).toMatchObject({ 'content-type': 'application/json', 'x-test': 'yes' });
  });

  it("keeps the first kilobyte of a refusal's body, and its headers for Retry-After", async () => {
    receiver.answerWith({ status: 503, headers: { 'retry-after': '7' }, body: `${'x'.repeat(1500)}` });

    const response = await post('/busy');

    expect(response.status).toBe(503);
    expect(response.bodyExcerpt).toBe('x'.repeat(1024));
    expect(() => assertAccepted(response, 'The hook')).toThrow(
      expect.objectContaining({ retryable: true, httpStatus: 503, retryAfterMs: 7000, message: 'The hook answered 503' }),
    );
  });

  it('gives up on a receiver that does not answer once the signal aborts, as a retryable failure', async () => {
    receiver.answerWith({ status: 200, body: '{}', delayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('no answer within 50 ms')), 50);

    const failure = await post('/slow', controller.signal).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DeliveryFailedError);
    expect(failure).toMatchObject({ retryable: true, message: expect.stringContaining('timed out or cancelled (no answer within 50 ms)') });
  });

  it('aborts every request in flight under a signal when it aborts, with one listener on the signal for all of them', async () => {
    receiver.answerWith({ status: 200, body: '{}', delayMs: 2_000 });
    const controller = new AbortController();

    const failures = ['/slow/1', '/slow/2', '/slow/3'].map((path) => post(path, controller.signal).catch((error: unknown) => error));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort(new Error('batch cancelled'));

    for (const failure of await Promise.all(failures)) {
      expect(failure).toMatchObject({ retryable: true, message: expect.stringContaining('timed out or cancelled (batch cancelled)') });
    }
  });

  it('sends nothing when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));

    await expect(post('/never', controller.signal)).rejects.toThrow('shutting down');
    expect(receiver.received).toHaveLength(0);
  });

  it('reports an unreachable receiver and an invalid URL as failures naming the endpoint', async () => {
    await receiver.close();
    const unreachable = await post('/gone').catch((error: unknown) => error);
    expect(unreachable).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/gone failed: .*ECONNREFUSED/),
    });

    const invalid = client.post('not a url', '{}', {}, new AbortController().signal);
    await expect(invalid).rejects.toThrow('POST not a url failed: Invalid URL');
    receiver = await startLoopbackReceiver();
  });

  describe('under a network policy that refuses private networks', () => {
    let strictClient: TargetHttpClient;
    beforeEach(() => {
      strictClient = new TargetHttpClient(REFUSE_PRIVATE_NETWORKS);
    });
    afterEach(() => strictClient.onApplicationShutdown());

    it.each([
      ['a literal loopback address', (port: number) => `http://127.0.0.1:${port}/hook`, /127\.0\.0\.1 is a loopback address/],
      ['the name localhost', (port: number) => `http://localhost:${port}/hook`, /localhost is a loopback name/],
    ])('refuses %s for good, and the receiver never sees a connection', async (_case, urlFor, reason) => {
      const port = Number(new URL(receiver.origin).port);
      const attempt = strictClient.post(urlFor(port), Buffer.from('{}'), {}, new AbortController().signal);
      await expect(attempt).rejects.toThrow(DeliveryFailedError);
      await expect(attempt).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(reason) });
      expect(receiver.received).toHaveLength(0);
    });
  });
});
