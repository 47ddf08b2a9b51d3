import autocannon from 'autocannon';
import { progress } from './report';
import { anonymousTokens, configureTracking, sinkTargets } from './shop';
import { round } from './stats';

/** The line every load adds to a cart. */
export const LINE = JSON.stringify({ ProductID: 'mug', Quantity: 1 });
/**
 * Fresh carts for every load: adding a line costs the sample shop more the more lines its cart has, so
 * carts that grew over earlier runs would slow the later ones (and the faster side more than the other).
 */
export const CARTS_PER_LOAD = 400;

/** A sample app under load: its URL, and the process it runs in (for its CPU time). */
export interface LoadedShop {
  baseUrl: string;
  pid: number;
}

export interface Slice {
  requests: number;
  seconds: number;
  /** Each answer's own latency, in ms (autocannon's histogram keeps whole ms). */
  latencies: number[];
}

/** A fixed-concurrency load of `POST /v1/cart/lineitems`, each request for one of the carts of the tokens in turn. */
export async function fixedConcurrency(app: LoadedShop, seconds: number, connections: number, tokens: string[]): Promise<Slice> {
  let next = 0;
  const latencies: number[] = [];
  const options: autocannon.Options = {
    url: cartLinesUrl(app),
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body: LINE,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
        }),
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`Load run had ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return { requests: result.requests.total, seconds: result.duration, latencies };
}

/** The anonymous shoppers' tokens of an app's loads, each load's with carts of their own. */
export class Carts {
  private constructor(private readonly loads: string[][]) {}

  /** Carts for `loads` loads, all made now, so that from then on the app does nothing but add lines. */
  static async make(app: LoadedShop, loads: number): Promise<Carts> {
    const tokens = await anonymousTokens(app.baseUrl, loads * CARTS_PER_LOAD);
    return new Carts(Array.from({ length: loads }, (_, load) => tokens.slice(load * CARTS_PER_LOAD, (load + 1) * CARTS_PER_LOAD)));
  }

  forNextLoad(): string[] {
    const tokens = this.loads.shift();
    if (!tokens) throw new Error('A scenario ran more loads than it made carts for');
    return tokens;
  }
}

export function cartLinesUrl(app: LoadedShop): string {
  return `${app.baseUrl}/v1/cart/lineitems`;
}

/** A difference with its sign, in ms. */
export function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${round(value, 2)}`;
}

/** The targets the tracked twin of scenarios 1 and 8 delivers each event to. */
export const TWIN_TARGETS = ['Http', 'SendEvent', 'DiscoverEvent'];
/** The storefront's four TrackingEvents, which the tracked twin captures. */
const STOREFRONT_EVENTS = ['UserLoggedIn', 'LineItemAdded', 'LineItemUpdated', 'OrderSubmitted'];

/**
 * Twin apps set up alike: tracking to Http, SendEvent and DiscoverEvent on the sink (the app with
 * tracking off is configured too, and captures nothing), and the carts of every load each app gets.
 */
export async function twinsWithCarts<Side extends string>(
  scenario: string,
  apps: Record<Side, LoadedShop>,
  sinkOrigin: string,
  loads: number,
): Promise<Record<Side, Carts>> {
  const sides = Object.keys(apps) as Side[];
  for (const side of sides) {
    await configureTracking(apps[side].baseUrl, sinkTargets(sinkOrigin, TWIN_TARGETS), STOREFRONT_EVENTS);
  }
  progress(`${scenario}: making ${loads * CARTS_PER_LOAD} carts in each app`);
  const carts = {} as Record<Side, Carts>;
  for (const side of sides) carts[side] = await Carts.make(apps[side], loads);
  return carts;
}
