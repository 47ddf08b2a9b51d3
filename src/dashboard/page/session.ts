/** The signed-in session: the access token and when it expires. Pure: Jest tests it in Node. */

import { isRecord, parseJsonBody } from './api-errors';

export interface Session {
  token: string;
  /** Milliseconds since the epoch; null when the token's lifetime is unknown (then only a 401 ends the session). */
  expiresAt: number | null;
}

export const TOKEN_EXPIRED = 'Your session expired. Sign in again.';

// The latest time a Date can hold: a later expiry is no expiry the page can keep.
const MAX_TIME = 8.64e15;
// Timers do not count the time a machine sleeps: the clock is read again at least this often.
const MAX_CHECK_DELAY_MS = 60_000;

function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A time in milliseconds since the epoch, or null when the value is none a Date can hold. */
function validTime(value: unknown): number | null {
  return typeof value === 'number' && value > 0 && value <= MAX_TIME ? value : null;
}

/** `from` plus `seconds`, or null unless seconds is a positive number that lands on a time a Date can hold. */
function timeAfter(from: number, seconds: unknown): number | null {
  return typeof seconds === 'number' && seconds > 0 ? validTime(from + seconds * 1000) : null;
}

/** The `exp` claim of a JWT's payload, read without checking the signature: the API checks it on every call. */
export function expiryFromJwt(token: string): number | null {
  const parts = token.split('.');
  // Three parts: a signed JWT; an encrypted one (five) cannot be read here.
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return null;
  let payload: unknown;
  try {
    // atob takes base64 without its padding.
    const binary = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    payload = parseJsonBody(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  return isRecord(payload) ? timeAfter(0, ownValue(payload, 'exp')) : null;
}

/**
 * The session of a password grant's answer, or null when it holds no access token. Its lifetime is `expires_in`
 * seconds from `now`, else the token's own `exp` when it is a JWT.
 */
export function sessionFromTokenAnswer(answer: unknown, now: number): Session | null {
  if (!isRecord(answer)) return null;
  const token = ownValue(answer, 'access_token');
  if (typeof token !== 'string' || !token) return null;
  return { token, expiresAt: timeAfter(now, ownValue(answer, 'expires_in')) ?? expiryFromJwt(token) };
}

/** A pasted token's session: its lifetime is known when it is a JWT with an `exp`. */
export function sessionFromToken(token: string): Session {
  return { token, expiresAt: expiryFromJwt(token) };
}

/** The session kept in sessionStorage, or null when there is none or it is not one the page wrote. */
export function parseStoredSession(text: string | null): Session | null {
  const stored = text === null ? null : parseJsonBody(text);
  if (!isRecord(stored)) return null;
  const token = ownValue(stored, 'token');
  const expiresAt = ownValue(stored, 'expiresAt');
  if (typeof token !== 'string' || !token) return null;
  if (expiresAt === null) return { token, expiresAt: null };
  const time = validTime(expiresAt);
  return time === null ? null : { token, expiresAt: time };
}

export function isExpired(session: Session, now: number): boolean {
  return session.expiresAt !== null && now >= session.expiresAt;
}

/** How long to wait before reading the clock again; 0 once the session has expired. */
export function expiryCheckDelay(expiresAt: number, now: number): number {
  return Math.max(0, Math.min(expiresAt - now, MAX_CHECK_DELAY_MS));
}
