import { DeliveryFailedError } from './delivery-failed.error';
import { parseRetryAfter } from './http-client';
import { refusedDelivery } from './network-policy';

/**
 * What the Azure SDKs' `RestError` (from @azure/core-rest-pipeline) carries, read structurally so that
 * the library needs none of the optional packages to classify it.
 */
interface AzureRestErrorLike {
  name: string;
  message: string;
  statusCode?: number;
  code?: string;
  details?: { errorCode?: string; odataError?: { message?: { value?: string } } };
  response?: { headers: { get(name: string): string | undefined } };
}

/** 4xx statuses another attempt may get past (with 5xx); 404 too: the target creates its container or table again. */
const RETRYABLE_STATUSES = new Set([404, 408, 429]);
/** A container or table being deleted: one of the same name can be created once the deletion ends. */
const RETRYABLE_CODES = new Set(['ContainerBeingDeleted', 'TableBeingDeleted']);
const EXCERPT_CHARACTERS = 300;

/**
 * A failed Azure SDK call (Blob, Table, ...) as a failed delivery attempt: authentication (401/403) and
 * requests the service refuses (other 4xx) are permanent; timeouts, throttling (with the service's
 * retry-after), 5xx, a missing container or table, and network errors are retried. Anything that is
 * not an SDK error comes back as it is (the library retries it).
 */
export function azureDeliveryFailure(error: unknown, service: string): unknown {
  const refused = refusedDelivery(error, service);
  if (refused) return refused;
  if (isAbortError(error))
    return new DeliveryFailedError(`${service} did not answer in time (the attempt was aborted)`, { retryable: true });
  if (!isRestError(error)) return error;
  const status = error.statusCode;
  const code = errorCodeOf(error);
  if (status === undefined) {
    return new DeliveryFailedError(`${service} could not be reached (${code ?? 'network error'}): ${withoutSecrets(error.message)}`, {
      retryable: true,
    });
  }
  const retryable = status >= 500 || RETRYABLE_STATUSES.has(status) || (code !== undefined && RETRYABLE_CODES.has(code));
  return new DeliveryFailedError(`${service} answered ${status}${code ? ` ${code}` : ''}`, {
    retryable,
    httpStatus: status,
    retryAfterMs: retryable ? retryAfterOf(error) : undefined,
    responseExcerpt: serviceMessageOf(error),
  });
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function isRestError(error: unknown): error is AzureRestErrorLike {
  return error instanceof Error && error.name === 'RestError';
}

function errorCodeOf(error: AzureRestErrorLike): string | undefined {
  return error.code ?? error.details?.errorCode ?? error.response?.headers.get('x-ms-error-code');
}

function retryAfterOf(error: AzureRestErrorLike): number | undefined {
  const headers = error.response?.headers;
  const milliseconds = Number(headers?.get('x-ms-retry-after-ms'));
  if (Number.isFinite(milliseconds) && milliseconds > 0) return milliseconds;
  return parseRetryAfter(headers?.get('retry-after'));
}

/**
 * The service's own explanation, without the request ID and time lines that follow it: the Table SDK
 * hands over its JSON or XML error body as the message, the Blob SDK the text alone.
 */
function serviceMessageOf(error: AzureRestErrorLike): string {
  const text = error.details?.odataError?.message?.value ?? messageInsideBody(error.message);
  return withoutSecrets(text.split('\n')[0].trim()).slice(0, EXCERPT_CHARACTERS);
}

function messageInsideBody(body: string): string {
  const xmlMessage = /<Message>([^<]*)<\/Message>/.exec(body);
  if (xmlMessage) return xmlMessage[1];
  try {
    const parsed = JSON.parse(body) as { 'odata.error'?: { message?: { value?: unknown } } };
    const value = parsed['odata.error']?.message?.value;
    if (typeof value === 'string') return value;
  } catch {
    // Not a JSON body: the text is the message.
  }
  return body;
}

/** An SDK message may quote a URL with a SAS token or a connection string: their secrets never reach a log. */
function withoutSecrets(text: string): string {
  return text.replace(/\b(sig|AccountKey|SharedAccessSignature|SharedAccessKey)=[^&;\s"']*/gi, '$1=[redacted]');
}
