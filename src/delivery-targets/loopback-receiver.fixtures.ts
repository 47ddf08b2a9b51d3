// A real HTTP server on 127.0.0.1 for the targets' specs: records what arrives and answers as told.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryFailedError } from './delivery-failed.error';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as the request line had them. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  body: Buffer;
  /** The status the receiver answered it with. */
  answeredStatus: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer this much later (a slow receiver). */
  delayMs?: number;
}

export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: ReceivedRequest[];
  /** How the next requests are answered (200 `{}` until told otherwise); drops answers set with `answerOnce`. */
  answerWith(answer: Answer): void;
  /**
   * How the very next request is answered, before the standing answer applies again: a failure set up
   * before the work starts, so that a quick retry cannot meet it a second time.
   */
  answerOnce(answer: Answer): void;
  close(): Promise<void>;
}

export async function startLoopbackReceiver(): Promise<LoopbackReceiver> {
  const received: ReceivedRequest[] = [];
  let answer: Answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  const once: Answer[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { status, headers, body, delayMs } = once.shift() ?? answer;
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
        answeredStatus: status,
      });
      const send = () => response.writeHead(status, headers).end(body);
      if (delayMs) setTimeout(send, delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    answerWith: (next) => {
      once.length = 0;
      answer = next;
    },
    answerOnce: (next) => void once.push(next),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The answers every HTTP target must turn into failed attempts, and how. */
export const FAILING_ANSWERS: ReadonlyArray<
  [Answer, Pick<DeliveryFailedError, 'retryable' | 'httpStatus' | 'retryAfterMs' | 'responseExcerpt'>]
> = [
  [
    { status: 500, body: 'upstream down' },
    { retryable: true, httpStatus: 500, retryAfterMs: undefined, responseExcerpt: 'upstream down' },
  ],
  [
    { status: 400, body: '{"error":"bad"}' },
    { retryable: false, httpStatus: 400, retryAfterMs: undefined, responseExcerpt: '{"error":"bad"}' },
  ],
  [
    { status: 429, headers: { 'retry-after': '3' } },
    { retryable: true, httpStatus: 429, retryAfterMs: 3000, responseExcerpt: '' },
  ],
];

/** The error a delivery failed with; fails itself when the delivery did not fail. */
export async function failureOf(delivery: Promise<unknown>): Promise<DeliveryFailedError> {
  try {
    await delivery;
  } catch (error) {
    if (error instanceof DeliveryFailedError) return error;
    throw error;
  }
  throw new Error('Expected the delivery to fail, and it succeeded');
}
