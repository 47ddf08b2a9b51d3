import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { azureDeliveryFailure } from './azure-rest-error';
import { DeliveryFailedError } from './delivery-failed.error';

/** A RestError as the SDKs throw it for an answer of the service. */
function answered(status: number, message: string, headers: Record<string, string> = {}, code?: string): RestError {
  const request = createPipelineRequest({ url: 'https://shop.blob.core.windows.net/trackingevents/x.json?sv=2025&sig=c2VjcmV0' });
  return new RestError(message, { statusCode: status, code, request, response: { request, status, headers: createHttpHeaders(headers) } });
}

const failureOf = (error: unknown) => azureDeliveryFailure(error, 'Azure Blob Storage') as DeliveryFailedError;

describe('azureDeliveryFailure', () => {
  it.each([
    [401, 'AuthenticationFailed'],
    [403, 'AuthorizationFailure'],
    [400, 'InvalidInput'],
    [400, 'OutOfRangeInput'],
    [409, 'BlobAlreadyExists'],
    [413, 'RequestBodyTooLarge'],
  ])('makes %i %s permanent', (status, code) => {
    const failure = failureOf(answered(status, 'Refused.\nRequestId:1\nTime:now', {}, code));
    expect(failure).toBeInstanceOf(DeliveryFailedError);
    expect(failure).toMatchObject({
      message: `Azure Blob Storage answered ${status} ${code}`,
      retryable: false,
      httpStatus: status,
      retryAfterMs: undefined,
      responseExcerpt: 'Refused.',
    });
  });

  it.each([
    [404, 'ContainerNotFound'],
    [404, 'TableNotFound'],
    [408, 'OperationTimedOut'],
    [409, 'ContainerBeingDeleted'],
    [409, 'TableBeingDeleted'],
    [500, 'InternalError'],
    [502, undefined],
    [503, 'ServerBusy'],
  ])('retries %i %s', (status, code) => {
    expect(failureOf(answered(status, 'Try later.', {}, code))).toMatchObject({ retryable: true, httpStatus: status });
  });

  it('waits as long as the service asks: x-ms-retry-after-ms, else Retry-After', () => {
    expect(failureOf(answered(429, 'Slow down.', { 'x-ms-retry-after-ms': '1500', 'retry-after': '9' }))).toMatchObject({
      retryable: true,
      retryAfterMs: 1500,
    });
    expect(failureOf(answered(503, 'Busy.', { 'retry-after': '4' }))).toMatchObject({ retryable: true, retryAfterMs: 4000 });
    expect(failureOf(answered(403, 'No.', { 'retry-after': '4' })).retryAfterMs).toBeUndefined();
  });

  it('reads the code from the x-ms-error-code header, and the message from a JSON or XML error body', () => {
    const json =
      '{"odata.error":{"code":"TableNotFound","message":{"lang":"en-US","value":"The table specified does not exist.\\nRequestId:1"}}}';
    expect(failureOf(answered(404, json, { 'x-ms-error-code': 'TableNotFound' }))).toMatchObject({
      message: 'Azure Blob Storage answered 404 TableNotFound',
      responseExcerpt: 'The table specified does not exist.',
    });
    const xml =
      '<?xml version="1.0"?><Error><Code>AuthorizationFailure</Code><Message>Server failed to authenticate the request.\nRequestId:1</Message></Error>';
    expect(failureOf(answered(403, xml)).responseExcerpt).toBe('Server failed to authenticate the request.');
  });

  it('retries a network error, naming its code', () => {
    const refused = new RestError('connect ECONNREFUSED 127.0.0.1:10000', { code: 'ECONNREFUSED' });
    expect(failureOf(refused)).toMatchObject({
      message: 'Azure Blob Storage could not be reached (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:10000',
      retryable: true,
      httpStatus: undefined,
    });
  });

  it('retries an aborted call (the attempt timed out)', () => {
    const aborted = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(failureOf(aborted)).toMatchObject({ retryable: true, message: expect.stringContaining('did not answer in time') });
  });

  it('never repeats a signature or account key the SDK quoted', () => {
    const failure = failureOf(answered(403, 'Signature did not match: sig=c2VjcmV0&se=2030 with AccountKey=a2V5== used'));
    expect(failure.responseExcerpt).toBe('Signature did not match: sig=[redacted]&se=2030 with AccountKey=[redacted] used');
  });

  it('hands back any other error as it is (the library retries it)', () => {
    const bug = new TypeError('x is undefined');
    expect(azureDeliveryFailure(bug, 'Azure Blob Storage')).toBe(bug);
  });
});
