import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, buildConnector, Dispatcher, errors as undiciErrors } from 'undici';
import { boundedMemo } from '../../common/bounded-memo';
import { DeliveryFailedError } from '../delivery-failed.error';
import { refusedDelivery, TargetNetworkPolicy } from '../network-policy';

/** What a receiver answered. */
export interface TargetResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The first characters of the body of an answer other than 2xx, for the delivery record. */
  bodyExcerpt: string;
}

const EXCERPT_BYTES = 1024;

/**
 * POSTs for the HTTP-based targets over a keep-alive connection pool per origin (undici), so a
 * delivery reuses a warm connection instead of opening one. Requests go through undici's
 * dispatcher API rather than `request()`: a receiver's answer is read without a body stream and
 * header parsing of its own (bench/results/history.md has what that saved).
 */
@Injectable()
export class TargetHttpClient implements OnApplicationShutdown {
  private readonly agent: Agent;
  /** Parsed endpoints: a handful per DeliveryConfig, met again on every delivery. */
  private readonly endpointOf = boundedMemo((url) => {
    const parsed = new URL(url);
    return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
  });

  /**
   * The exchanges in flight under each signal. The attempts of a batch share a few signals
   * (AttemptDeadlines): one abort listener per signal, instead of one added and removed per request.
   */
  private readonly inFlight = new WeakMap<AbortSignal, Set<PostExchange>>();

  constructor(networkPolicy: TargetNetworkPolicy) {
    // Every connection is checked where it is opened: a name on the resolved addresses, a literal address as it is.
    const connect = buildConnector({ lookup: networkPolicy.lookup } as buildConnector.BuildOptions);
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 64,
      pipelining: 1,
      connect: (options, callback) => {
        const refusal = networkPolicy.connectionRefusalOf(options.hostname);
        if (refusal) return callback(refusal, null);
        return connect(options, callback);
      },
    });
  }

  post(url: string, body: string | Buffer, headers: Record<string, string>, signal: AbortSignal): Promise<TargetResponse> {
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        const refused = refusedDelivery(error, `POST ${originOf(url)}`);
        if (refused) return reject(refused);
        reject(new DeliveryFailedError(`POST ${originOf(url)} failed: ${describeNetworkError(error, signal)}`, { retryable: true }));
      };
      let endpoint: { origin: string; path: string };
      try {
        endpoint = this.endpointOf(url);
      } catch (error) {
        return fail(error);
      }
      if (signal.aborted) return fail(signal.reason);
      const exchange = new PostExchange(signal, this.inFlightUnder(signal), resolve, fail);
      this.agent.dispatch({ origin: endpoint.origin, path: endpoint.path, method: 'POST', body, headers }, exchange);
    });
  }

  private inFlightUnder(signal: AbortSignal): Set<PostExchange> {
    let exchanges = this.inFlight.get(signal);
    if (!exchanges) {
      const underSignal = new Set<PostExchange>();
      signal.addEventListener('abort', () => underSignal.forEach((exchange) => exchange.abort()), { once: true });
      this.inFlight.set(signal, (exchanges = underSignal));
    }
    return exchanges;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * One POST in flight: undici's handler of its answer (one object, not a closure per callback), kept
 * among the exchanges of its signal until it ends.
 */
class PostExchange implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private status = 0;
  private headers: TargetResponse['headers'] = {};
  // Only a refusal's body is worth keeping (for the delivery record); an acceptance's is discarded unread.
  private readonly excerpt: Buffer[] = [];
  private excerptBytes = 0;

  constructor(
    private readonly signal: AbortSignal,
    private readonly underSignal: Set<PostExchange>,
    private readonly resolve: (response: TargetResponse) => void,
    private readonly fail: (error: unknown) => void,
  ) {
    underSignal.add(this);
  }

  abort(): void {
    const { reason } = this.signal;
    this.controller?.abort(reason instanceof Error ? reason : new Error(String(reason)));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) this.abort();
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: TargetResponse['headers']): void {
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (isAccepted(this.status) || this.excerptBytes >= EXCERPT_BYTES) return;
    this.excerpt.push(chunk);
    this.excerptBytes += chunk.length;
  }

  onResponseEnd(): void {
    this.underSignal.delete(this);
    const bodyExcerpt = this.excerpt.length > 0 ? Buffer.concat(this.excerpt).subarray(0, EXCERPT_BYTES).toString('utf8') : '';
    this.resolve({ status: this.status, headers: this.headers, bodyExcerpt });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.underSignal.delete(this);
    this.fail(error);
  }
}

/**
 * Turns a non-2xx answer into a failed attempt: 408, 429 and 5xx are worth retrying (429 and 503
 * with the receiver's `Retry-After`); any other answer, redirects included, will not change.
 */
export function assertAccepted(response: TargetResponse, what: string): void {
  if (isAccepted(response.status)) return;
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  throw new DeliveryFailedError(`${what} answered ${response.status}`, {
    retryable,
    httpStatus: response.status,
    retryAfterMs: retryable ? parseRetryAfter(response.headers['retry-after']) : undefined,
    responseExcerpt: response.bodyExcerpt,
  });
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isAccepted(status: number): boolean {
  return status >= 200 && status < 300;
}

function describeNetworkError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return `timed out or cancelled (${String(signal.reason instanceof Error ? signal.reason.message : signal.reason)})`;
  if (error instanceof undiciErrors.UndiciError) return `${error.code}: ${error.message}`;
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return cause ? `${cause}: ${(error as Error).message}` : ((error as Error)?.message ?? String(error));
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}
