import { ALLOW_PRIVATE_NETWORKS } from '../network-policy/network-policy.fixtures';
import { failureOf, startLoopbackReceiver, type Answer, type LoopbackReceiver } from '../loopback-receiver.fixtures';
import { deliveryRequestFor, lineItemAddedMessage } from '../tracking-message.fixtures';
import type { CosmosDbConnection } from './cosmos-db-connection';
import { CosmosDbTarget } from './cosmos-db.target';

// The errors @azure/cosmos itself raises for Cosmos DB's answers: a real client against a loopback
// server answering every request as told.
describe('CosmosDbTarget failures', () => {
  const target = new CosmosDbTarget(ALLOW_PRIVATE_NETWORKS);
  const key = Buffer.from('account-key-of-the-test').toString('base64');
  let receiver: LoopbackReceiver;
  let connection: CosmosDbConnection;

  const cosmosAnswer = (status: number, code: string, headers: Record<string, string> = {}): Answer => ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ code, message: `${code} from Cosmos DB` }),
  });
  const deliver = () => {
    const ConnectionString = `AccountEndpoint=${receiver.origin}/;AccountKey=${key};`;
    return target.deliver({ ...deliveryRequestFor(lineItemAddedMessage(), { ConnectionString }), client: connection });
  };

  beforeAll(async () => {
    receiver = await startLoopbackReceiver();
  });

  beforeEach(async () => {
    connection = await target.openClient({ ConnectionString: `AccountEndpoint=${receiver.origin}/;AccountKey=${key};` });
  });

  afterEach(() => target.closeClient(connection));

  afterAll(() => receiver.close());

  it.each([
    [401, 'Unauthorized', "Cosmos DB refused the ConnectionString's AccountKey: 401"],
    [403, 'Forbidden', "Cosmos DB refused the ConnectionString's AccountKey: 403"],
    [400, 'BadRequest', 'Cosmos DB refused the item: 400'],
    [413, 'RequestEntityTooLarge', 'Cosmos DB refused the item: 413'],
  ])('fails a %d for good, with the service message and not the key', async (status, code, message) => {
    receiver.answerWith(cosmosAnswer(status, code));
    const failure = await failureOf(deliver());
    expect(failure).toMatchObject({ retryable: false, httpStatus: status, message, responseExcerpt: `${code} from Cosmos DB` });
    expect(`${failure.message} ${failure.responseExcerpt}`).not.toContain(key);
  });

  it.each([
    [429, 'TooManyRequests', 1500],
    [449, 'RetryWith', 250],
    [408, 'RequestTimeout', undefined],
    [500, 'InternalServerError', undefined],
    [503, 'ServiceUnavailable', 2000],
  ])('retries a %d, after the retry-after Cosmos DB gives', async (status, code, retryAfterMs) => {
    receiver.answerWith(cosmosAnswer(status, code, retryAfterMs ? { 'x-ms-retry-after-ms': String(retryAfterMs) } : {}));
    expect(await failureOf(deliver())).toMatchObject({
      retryable: true,
      httpStatus: status,
      retryAfterMs,
      message: `Cosmos DB answered ${status}`,
    });
  });

  it('retries a 404, the database or container gone', async () => {
    receiver.answerWith(cosmosAnswer(404, 'NotFound'));
    expect(await failureOf(deliver())).toMatchObject({ retryable: true, httpStatus: 404 });
  });

  it('retries when Cosmos DB does not answer in time', async () => {
    receiver.answerWith({ ...cosmosAnswer(201, 'Created'), delayMs: 1000 });
    const timeout = new AbortController();
    setTimeout(() => timeout.abort(new Error('no answer within 50 ms')), 50);
    const request = { ...deliveryRequestFor(lineItemAddedMessage(), { ConnectionString: '' }), client: connection, signal: timeout.signal };
    expect(await failureOf(target.deliver(request))).toMatchObject({
      retryable: true,
      httpStatus: undefined,
      message: 'Cosmos DB did not answer: no answer within 50 ms',
    });
  });
});
