import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, errors as undiciErrors, request } from 'undici';
import { DeliveryFailedError } from '../delivery-failed.error';

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
 * delivery reuses a warm connection instead of opening one.
 */
@Injectable()
export class TargetHttpClient implements OnApplicationShutdown {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 64, pipelining: 1 });

  async post(url: string, body: string | Buffer, headers: Record<string, string>, signal: AbortSignal): Promise<TargetResponse> {
    try {
      const response = await request(url, { method: 'POST', body, headers, signal, dispatcher: this.agent });
      const accepted = response.statusCode >= 200 && response.statusCode < 300;
      // Only a refusal's body is worth keeping (for the delivery record); an acceptance's is discarded unread.
      const bodyExcerpt = accepted ? await response.body.dump().then(() => '') : await readExcerpt(response.body);
      return { status: response.statusCode, headers: response.headers, bodyExcerpt };
    } catch (error) {
      throw new DeliveryFailedError(`POST ${originOf(url)} failed: ${describeNetworkError(error, signal)}`, { retryable: true });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * Turns a non-2xx answer into a failed attempt: 408, 429 and 5xx are worth retrying (429 and 503
 * with the receiver's `Retry-After`); any other answer, redirects included, will not change.
 */
export function assertAccepted(response: TargetResponse, what: string): void {
  if (response.status >= 200 && response.status < 300) return;
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

async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= EXCERPT_BYTES) {
      // Enough for the record; the rest is not worth reading.
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
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
