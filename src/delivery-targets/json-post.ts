import type { DeliveryOutcome } from './delivery-target.interface';
import { assertAccepted, TargetHttpClient } from './http-client';
import { isSkipped, type SkippedDelivery } from './message-mapping';

/** A POST of a JSON body, as a target maps a message to it. */
export interface JsonPost<Body> {
  url: string;
  headers: Record<string, string>;
  body: Body;
}

/**
 * `base` with path segments appended, exactly one slash between each whatever slashes an operator typed
 * into a `ServiceEndpoint`. Segments are not encoded here: the caller encodes what it took from config.
 */
export function joinUrl(base: string, ...segments: string[]): string {
  return [base.replace(/\/+$/, ''), ...segments.map((segment) => segment.replace(/^\/+|\/+$/g, ''))].join('/');
}

/** POSTs an already serialized body; an answer other than 2xx fails the attempt (see `assertAccepted`). */
export async function postJson(
  http: TargetHttpClient,
  post: JsonPost<string | Buffer>,
  signal: AbortSignal,
  receiver: string,
): Promise<DeliveryOutcome> {
  const response = await http.post(post.url, post.body, post.headers, signal);
  assertAccepted(response, receiver);
  return { status: 'delivered', httpStatus: response.status };
}

/** Delivers what a mapping made of a message: nothing when it skipped it, else its body as JSON. */
export function deliverMappedJson(
  http: TargetHttpClient,
  mapped: JsonPost<object> | SkippedDelivery,
  signal: AbortSignal,
  receiver: string,
): Promise<DeliveryOutcome> {
  if (isSkipped(mapped)) return Promise.resolve(mapped);
  return postJson(http, { ...mapped, body: JSON.stringify(mapped.body) }, signal, receiver);
}
