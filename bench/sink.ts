// The loopback receiver of the benchmarks, in a process of its own: answers every POST with 200 at
// once, counts what it receives, and measures capture-to-receipt latency from a body's `t` (the
// event time in ms: Sitecore Discover's events, and the baseline's bodies, carry it). Under /flaky/ it
// answers one request in ten (at random) with 503, and counts the distinct `webhook-id`s it accepted.
import { createServer } from 'node:http';

let received = 0;
let bytes = 0;
let firstAt = 0;
let lastAt = 0;
let latencies: number[] = [];
let refused = 0;
let accepted = new Set<string>();
const FLAKY_REFUSALS = 0.1;

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/__stats') {
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ received, bytes, firstAt, lastAt, latencies, refused, distinct: accepted.size }));
    return;
  }
  if (request.method === 'POST' && request.url === '/__reset') {
    received = 0;
    bytes = 0;
    firstAt = 0;
    lastAt = 0;
    latencies = [];
    refused = 0;
    accepted = new Set();
    response.writeHead(204).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (request.url?.startsWith('/flaky/')) {
      if (Math.random() < FLAKY_REFUSALS) {
        refused++;
        response.writeHead(503, { 'content-length': '0' }).end();
        return;
      }
      accepted.add(String(request.headers['webhook-id']));
    }
    const now = Date.now();
    received++;
    firstAt ||= now;
    lastAt = now;
    const body = Buffer.concat(chunks);
    bytes += body.length;
    // Only bodies that name their event time are measured; parsing is skipped for the others.
    if (body.includes('"t":')) {
      const t = (JSON.parse(body.toString()) as { t?: number }).t;
      if (typeof t === 'number') latencies.push(now - t);
    }
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' }).end('{}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.SINK_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`sink listening on ${address.port}\n`);
});
