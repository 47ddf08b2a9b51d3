/** The admin API client and the OAuth sign-in call (browser only: fetch and sessionStorage). */

import { apiErrorMessage, parseJsonBody, signInErrorMessage, unreachableMessage } from './api-errors';
import { parseStoredSession, sessionFromTokenAnswer, type Session } from './session';
import type { DashboardConfig } from './types';

/** A failed call; `status` is 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export interface Api {
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, signal?: AbortSignal): Promise<T>;
  delete(path: string, signal?: AbortSignal): Promise<void>;
}

/** Calls under apiBaseUrl (the server gives it without a trailing slash) with the bearer token; a 401 also runs onUnauthorized, which signs out. */
export function createApi(apiBaseUrl: string, token: string, onUnauthorized: () => void): Api {
  async function call(method: string, path: string, signal?: AbortSignal): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${apiBaseUrl}${path}`, {
        method,
        headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
        signal,
        // The token is the credential: the API's cookies, if any, are not needed.
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError(0, unreachableMessage(apiBaseUrl));
    }
    const body = parseJsonBody(await response.text());
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      throw new ApiError(response.status, apiErrorMessage(response.status, body));
    }
    return body;
  }

  return {
    get: <T>(path: string, signal?: AbortSignal) => call('GET', path, signal) as Promise<T>,
    post: <T>(path: string, signal?: AbortSignal) => call('POST', path, signal) as Promise<T>,
    delete: async (path: string, signal?: AbortSignal) => {
      await call('DELETE', path, signal);
    },
  };
}

/** OrderCloud's password grant; resolves to the session or rejects with a message to show. */
export async function requestToken(signIn: NonNullable<DashboardConfig['signIn']>, username: string, password: string): Promise<Session> {
  const body = new URLSearchParams({
    grant_type: 'password',
    client_id: signIn.clientId,
    username,
    password,
    scope: 'FullAccess DeliveryConfigAdmin',
  });
  let response: Response;
  try {
    response = await fetch(signIn.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, unreachableMessage(signIn.tokenUrl));
  }
  const json = parseJsonBody(await response.text());
  if (!response.ok) throw new ApiError(response.status, signInErrorMessage(response.status, json));
  // expires_in counts from the answer: read the clock when it arrives.
  const session = sessionFromTokenAnswer(json, Date.now());
  if (!session) throw new ApiError(response.status, 'The sign-in answer held no access token.');
  return session;
}

const SESSION_KEY = 'tracking-dashboard-token';

// sessionStorage throws when storage is disabled: the page then keeps the session in memory only.
export function readSession(): Session | null {
  try {
    return parseStoredSession(sessionStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Nothing to do: see readSession.
  }
}
