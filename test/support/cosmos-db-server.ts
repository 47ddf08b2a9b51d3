// A Cosmos DB for NoSQL server for the CosmosDb target's tests: @vercel/cosmosdb-server over plain HTTP
// on 127.0.0.1 (its bundled TLS certificate has expired), in this process, keeping its data in memory.
// It checks no key itself: the gate below checks the master-key signature of every request as Cosmos DB
// does, so that a wrong AccountKey gets Cosmos DB's 401.
import { CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { CosmosDbItem } from '../../src/delivery-targets/cosmos-db';
import { freePort } from './private-servers';

export interface CosmosDbTestServer {
  /** `AccountEndpoint=http://127.0.0.1:<port>/;AccountKey=<the server's key>;` */
  connectionString: string;
  /** The same endpoint with another key, which the server refuses. */
  connectionStringWithKey(accountKey: string): string;
  /** Every item of a database's TrackingEvents container, read with the SDK; none when it does not exist. */
  items(database?: string): Promise<CosmosDbItem[]>;
  /** One partition's items, oldest OccurredAt first. */
  partition(partitionKey: string, database?: string): Promise<CosmosDbItem[]>;
  /** Closes the server and its connections (the service is down); its data goes with it. */
  stop(): Promise<void>;
  /** A new, empty server on the same port. */
  restart(): Promise<void>;
  /**
   * From now on, the server writes each item at once but answers the write `delayMs` later (0: at
   * once again): an attempt that times out after its item was written.
   */
  answerWritesLate(delayMs: number): void;
  /** How many writes were answered late. */
  lateWrites(): number;
  /** A client of the server with its key, for a test that changes what it holds. */
  client: CosmosClient;
}

/** How the server answers item writes, shared by its restarts. */
interface WriteAnswers {
  delayMs: number;
  late: number;
}

export async function startCosmosDbServer(): Promise<CosmosDbTestServer> {
  const port = await freePort();
  const accountKey = randomBytes(32).toString('base64');
  const connectionStringWithKey = (key: string) => `AccountEndpoint=http://127.0.0.1:${port}/;AccountKey=${key};`;
  const writes: WriteAnswers = { delayMs: 0, late: 0 };
  let server: Server | undefined = await listen(port, accountKey, writes);
  const client = new CosmosClient({
    endpoint: `http://127.0.0.1:${port}/`,
    key: accountKey,
    connectionPolicy: { enableEndpointDiscovery: false, retryOptions: { maxRetryAttemptCount: 0 } },
  });
  const container = (database: string) => client.database(database).container('TrackingEvents');
  return {
    connectionString: connectionStringWithKey(accountKey),
    connectionStringWithKey,
    client,
    items: async (database = 'TrackingEvents') => {
      try {
        return (await container(database).items.readAll<CosmosDbItem & object>().fetchAll()).resources;
      } catch (error) {
        if ((error as { code?: unknown }).code === 404) return [];
        throw error;
      }
    },
    partition: async (partitionKey, database = 'TrackingEvents') => {
      const query = {
        query: 'SELECT * FROM c WHERE c.partitionKey = @key ORDER BY c.OccurredAt',
        parameters: [{ name: '@key', value: partitionKey }],
      };
      return (await container(database).items.query<CosmosDbItem>(query, { partitionKey }).fetchAll()).resources;
    },
    stop: async () => {
      const stopping = server;
      server = undefined;
      if (stopping) await close(stopping);
    },
    restart: async () => {
      server ??= await listen(port, accountKey, writes);
    },
    answerWritesLate: (delayMs) => {
      writes.delayMs = delayMs;
    },
    lateWrites: () => writes.late,
  };
}

/** Ends a test's server and its client. */
export async function stopCosmosDbServer(cosmos: CosmosDbTestServer | undefined): Promise<void> {
  cosmos?.client.dispose();
  await cosmos?.stop();
}

async function listen(port: number, accountKey: string, writes: WriteAnswers): Promise<Server> {
  const server = createHttpServer();
  const [serve] = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!isSignedWith(request, accountKey)) return refuse(response);
    if (writes.delayMs > 0 && request.headers['x-ms-documentdb-is-upsert'] === 'true') answerLate(response, writes);
    return serve(request, response);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return server;
}

function refuse(response: ServerResponse): void {
  response.writeHead(401, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      code: 'Unauthorized',
      message:
        "The input authorization token can't serve the request. The wrong key is being used or the expected payload is not built as per the protocol.",
    }),
  );
}

function answerLate(response: ServerResponse, writes: WriteAnswers): void {
  const { delayMs } = writes;
  writes.late++;
  const end = response.end.bind(response) as (body: string) => ServerResponse;
  response.end = ((body: string) => {
    setTimeout(() => end(body), delayMs);
    return response;
  }) as ServerResponse['end'];
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * Cosmos DB's master-key authorization: `type=master&ver=1.0&sig=` an HMAC-SHA256, with the account
 * key, of the verb, the resource type, the resource link and the date. A request for a feed
 * (`dbs/a/colls`) signs its parent's link, a request for one resource (`dbs/a`) its own.
 */
function isSignedWith(request: IncomingMessage, accountKey: string): boolean {
  // Not URLSearchParams: it would read the base64 signature's `+` as a space.
  const token = /(?:^|&)sig=([^&]+)/.exec(decodeURIComponent(String(request.headers.authorization ?? '')))?.[1];
  if (!token) return false;
  const segments = new URL(request.url ?? '/', 'http://cosmos').pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const forOneResource = segments.length % 2 === 0;
  const resourceType = segments.length === 0 ? '' : segments[segments.length - (forOneResource ? 2 : 1)];
  const resourceLink = (forOneResource ? segments : segments.slice(0, -1)).join('/');
  const date = String(request.headers['x-ms-date'] ?? '').toLowerCase();
  const signed = `${(request.method ?? '').toLowerCase()}\n${resourceType.toLowerCase()}\n${resourceLink}\n${date}\n\n`;
  const expected = createHmac('sha256', Buffer.from(accountKey, 'base64')).update(signed).digest();
  const given = Buffer.from(token, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
