import { createHash } from 'node:crypto';
import type { FieldPolicy } from '../options';
import type { TrackingMessage } from '../messages/tracking-message';

/** What a path's value becomes: a new value, or `DROPPED` to remove the field. */
const DROPPED = Symbol('dropped');
type Rewrite = (value: unknown) => unknown;

/**
 * The message as a target type may receive it: the policy's `drop` paths removed and its `hash` paths
 * replaced by the hex SHA-256 of their value (a string as is, any other value as its JSON; null stays
 * null). Paths are inside the `Payload` (`Email`, `UserContext.AnonymousId`); a path that is not
 * there is nothing to do; a segment that lands on an array applies to each of its elements. The
 * message given is never changed — other targets of the same event receive it whole — and without a
 * policy it is returned as it is.
 */
export function applyFieldPolicy<Message extends TrackingMessage>(message: Message, policy: Required<FieldPolicy> | undefined): Message {
  if (!policy || (policy.drop.length === 0 && policy.hash.length === 0)) return message;
  let payload: unknown = message.Payload;
  for (const path of policy.drop) payload = rewritePath(payload, path.split('.'), () => DROPPED);
  for (const path of policy.hash) payload = rewritePath(payload, path.split('.'), hashOf);
  return payload === message.Payload ? message : ({ ...message, Payload: payload } as Message);
}

/** The hex SHA-256 of a value: a string as is, another value as its JSON; null (or nothing) stays null. */
export function hashOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return createHash('sha256')
    .update(typeof value === 'string' ? value : JSON.stringify(value))
    .digest('hex');
}

/** A copy of `value` with the path rewritten, sharing every part it does not change; `value` itself when nothing changes. */
function rewritePath(value: unknown, segments: string[], rewrite: Rewrite): unknown {
  if (Array.isArray(value)) {
    const elements = value.map((element) => rewritePath(element, segments, rewrite));
    return elements.some((element, index) => element !== value[index]) ? elements : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const [key, ...rest] = segments;
  if (!Object.hasOwn(record, key)) return value;
  const next = rest.length === 0 ? rewrite(record[key]) : rewritePath(record[key], rest, rewrite);
  if (next === DROPPED) {
    const { [key]: _dropped, ...others } = record;
    return others;
  }
  return next === record[key] ? value : { ...record, [key]: next };
}
