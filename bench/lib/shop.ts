import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Auth, Cart, Configuration, DeliveryConfigurations, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import type { LineItemSnapshot } from '../../src';
import { captureStreamKey } from '../../src/capture/stream/capture-stream';
import { redisKeyLayout } from '../../src/options/redis-key-layout';
import { deleteQueueKeys } from '../../test/support/redis';
import { SampleProcess, startSampleProcess } from '../../test/support/sample-process';
import { BenchProcess, startBenchScript, workerNodeOptions } from './processes';

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT_SECRET = 'bench-secret';

/** A sample app's settings for one benchmark run: its own SQLite file and queue prefix. */
export interface ShopSetup {
  env: Record<string, string>;
  queuePrefix: string;
  cleanUp(): void;
}

export function shopSetup(name: string, settings: object, env: Record<string, string> = {}): ShopSetup {
  const directory = mkdtempSync(join(tmpdir(), `tracking-bench-${name}-`));
  const queuePrefix = `bench-${name}-${randomBytes(3).toString('hex')}`;
  return {
    queuePrefix,
    env: {
      PORT: '0',
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(directory, 'shop.sqlite')}`,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      JWT_SECRET,
      // The benchmark asks for hundreds of shopper tokens from one address.
      OAUTH_RATE_LIMIT: '1000000',
      AUDIT_LOG_DIR: join(directory, 'audit'),
      TRACKING_EVENTS_SETTINGS: JSON.stringify(settings),
      ...env,
    },
    cleanUp: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** Starts the sample app with the setup's settings: its API (`http`), or a worker process with the benchmark's worker Node options. */
export function startShop(setup: ShopSetup, mode: 'http' | 'worker', env: Record<string, string> = {}): Promise<SampleProcess> {
  return startSampleProcess({ ...setup.env, ...(mode === 'worker' ? { NODE_OPTIONS: workerNodeOptions() } : {}), ...env }, mode);
}

/** Sample apps sharing one Node process (bench/twin-shops.ts), each with its setup's settings. */
export interface TwinShops<Name extends string> {
  process: BenchProcess;
  baseUrls: Record<Name, string>;
  /** The process's event-loop delay since the previous call (or the start), in ms. */
  eventLoopDelay(): Promise<EventLoopDelay>;
}

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export async function startTwinShops<Name extends string>(setups: Record<Name, ShopSetup>): Promise<TwinShops<Name>> {
  const environments = Object.fromEntries(Object.entries<ShopSetup>(setups).map(([name, setup]) => [name, setup.env]));
  const process = await startBenchScript(
    'twin-shops',
    { TWIN_SHOPS: JSON.stringify(environments) },
    /twin shops listening: (.*) \| event loop: (\S+)\n/,
  );
  const baseUrls = Object.fromEntries(process.match[1].split(' ').map((entry) => entry.split('='))) as Record<Name, string>;
  const eventLoopUrl = process.match[2];
  return { process, baseUrls, eventLoopDelay: async () => (await (await fetch(eventLoopUrl)).json()) as EventLoopDelay };
}

/** How many entries the capture stream of a queue prefix holds (each holds one or more events). */
export function captureStreamLength(queuePrefix: string): Promise<number> {
  return withRedis((redis) => redis.xlen(captureStreamKey(redisKeyLayout(queuePrefix, false).libraryKeyPrefix)));
}

/** The sink's URLs for each built-in target. */
export function sinkTargets(sinkOrigin: string, types: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    Http: { Endpoint: `${sinkOrigin}/http`, Secret: 'bench-secret' },
    SendEvent: { SiteID: '3f0c8a4e-6f7b-4a53-9d3e-2c9d8f1b7a10', ServiceEndpoint: `${sinkOrigin}/send` },
    DiscoverEvent: { ClientID: 'bench', ApiKey: 'bench-key', ServiceEndpoint: `${sinkOrigin}/discover` },
  };
  return Object.fromEntries(types.map((type) => [type, all[type]]));
}

/** Configures tracking through the admin API: one DeliveryConfig with the targets, TrackingEvents of the storefront. */
export async function configureTracking(baseUrl: string, targets: Record<string, unknown>, eventTypes: string[]): Promise<void> {
  Configuration.Set({ baseApiUrl: baseUrl, apiVersion: 'v1', clientID: 'admin-portal', timeoutInMilliseconds: 30_000 });
  Tokens.SetAccessToken((await Auth.Login('admin', 'Admin#2026', 'admin-portal', ['FullAccess'])).access_token);
  await DeliveryConfigurations.Save('bench', { Name: 'Bench', DeliveryTargets: targets as never });
  for (const type of eventTypes) {
    await TrackingEvents.Save(`bench-${type}`, { EventType: type as never, ClientID: 'storefront', Name: type, DeliveryConfigID: 'bench' });
  }
  Tokens.RemoveAccessToken();
}

/** Anonymous shoppers' tokens, each with a cart of its own (asked for 20 at a time). */
export async function anonymousTokens(baseUrl: string, count: number): Promise<string[]> {
  Configuration.Set({ baseApiUrl: baseUrl, apiVersion: 'v1', clientID: 'storefront', timeoutInMilliseconds: 30_000 });
  const tokens: string[] = [];
  while (tokens.length < count) {
    const asked = Math.min(20, count - tokens.length);
    const answers = await Promise.all(Array.from({ length: asked }, () => Auth.Anonymous('storefront')));
    tokens.push(...answers.map((answer) => answer.access_token));
  }
  return tokens;
}

/** Orders of the buyer, each with one line: what the synthesized backlog events are about. */
export type BuyerOrders = Array<{ orderId: string; line: LineItemSnapshot }>;

/** The buyer adds a line and submits, `count` times: that many orders, so that hydration reads many. */
export async function buyerOrders(baseUrl: string, count: number): Promise<BuyerOrders> {
  Configuration.Set({ baseApiUrl: baseUrl, apiVersion: 'v1', clientID: 'storefront', timeoutInMilliseconds: 30_000 });
  const accessToken = (await Auth.Login('buyer01', 'Buyer#2026', 'storefront', ['Shopper'])).access_token;
  const orders: BuyerOrders = [];
  for (let n = 0; n < count; n++) {
    const line = await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 + (n % 3) }, { accessToken });
    const order = await Cart.Submit({ accessToken });
    orders.push({ orderId: order.ID, line: line as LineItemSnapshot });
  }
  return orders;
}

/** How many orders the backlogs' events are spread over. */
const BACKLOG_ORDERS = 500;

/**
 * A shop whose tracking is configured (LineItemAdded to the given targets, by default on the sink), with the
 * buyer's orders for backlog events to be about, ready for worker processes to deliver a backlog: its
 * API process is stopped, and the events its own set-up captured are cleared.
 */
export function deliveryShop(
  name: string,
  sinkOrigin: string,
  targetTypes: string[],
  settings: object,
  targets = sinkTargets(sinkOrigin, targetTypes),
): Promise<DeliveryShop> {
  // Scenarios with the same targets and settings share a shop (its set-up takes seconds).
  const key = JSON.stringify([targets, settings]);
  let shop = deliveryShops.get(key);
  if (!shop) {
    shop = newDeliveryShop(name, targets, settings);
    deliveryShops.set(key, shop);
  }
  return shop;
}

/** Deletes the shops' files and Redis keys, once the benchmark is over. */
export async function cleanUpDeliveryShops(): Promise<void> {
  for (const shop of deliveryShops.values()) {
    const { setup } = await shop.catch(() => ({ setup: undefined }));
    if (!setup) continue;
    await deleteQueueKeys(setup.queuePrefix, REDIS_URL);
    setup.cleanUp();
  }
  deliveryShops.clear();
}

export interface DeliveryShop {
  setup: ShopSetup;
  orders: BuyerOrders;
}

const deliveryShops = new Map<string, Promise<DeliveryShop>>();

async function newDeliveryShop(name: string, targets: Record<string, unknown>, settings: object): Promise<DeliveryShop> {
  const setup = shopSetup(name, settings, { RUN_WORKERS: 'false' });
  const api = await startShop(setup, 'http');
  try {
    await configureTracking(api.baseUrl!, targets, ['LineItemAdded']);
    const orders = await buyerOrders(api.baseUrl!, BACKLOG_ORDERS);
    await clearCaptureStream(setup.queuePrefix);
    return { setup, orders };
  } finally {
    await api.kill('SIGTERM');
  }
}

async function clearCaptureStream(queuePrefix: string): Promise<void> {
  await withRedis((redis) => redis.del(captureStreamKey(redisKeyLayout(queuePrefix, false).libraryKeyPrefix)));
}

async function withRedis<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(REDIS_URL);
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}
