/** Messages for failed API and sign-in calls. Pure: Jest tests it in Node. */

export const SESSION_EXPIRED = 'Your session has expired or the token was refused: sign in again.';
export const FORBIDDEN = 'This user lacks the FullAccess or DeliveryConfigAdmin role needed to see deliveries.';

export function unreachableMessage(url: string): string {
  return `Cannot reach the API at ${url}: is the server running?`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first `Message` of an OrderCloud `{Errors:[{ErrorCode,Message,Data}]}` body. */
export function orderCloudErrorMessage(body: unknown): string | null {
  if (!isRecord(body) || !Array.isArray(body.Errors)) return null;
  for (const error of body.Errors) {
    if (isRecord(error) && typeof error.Message === 'string' && error.Message.trim()) return error.Message;
  }
  return null;
}

/** The message for a failed admin API call. */
export function apiErrorMessage(status: number, body: unknown): string {
  if (status === 401) return SESSION_EXPIRED;
  if (status === 403) return FORBIDDEN;
  return orderCloudErrorMessage(body) ?? `The API answered with HTTP ${status}.`;
}

/** The message for a refused sign-in: OAuth's error_description, else OrderCloud's Errors. */
export function signInErrorMessage(status: number, body: unknown): string {
  if (isRecord(body)) {
    if (typeof body.error_description === 'string' && body.error_description.trim()) return body.error_description;
    const orderCloud = orderCloudErrorMessage(body);
    if (orderCloud) return orderCloud;
    if (typeof body.error === 'string' && body.error.trim()) return `Sign-in refused: ${body.error}.`;
  }
  return `Sign-in failed with HTTP ${status}.`;
}

/** A body as JSON when it is JSON, else null: a proxy's HTML error page is no message to show. */
export function parseJsonBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
