import { INestApplication, Injectable, Module, Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { databaseOptions } from '../../sample-app/database/database-options';
import {
  CommerceDataProvider,
  DeliveryConfigsService,
  INTAKE_QUEUE,
  LineItemSnapshot,
  TrackEvent,
  TrackingContext,
  TrackingEventsModule,
  TrackingEventsModuleExtras,
  TrackingEventsModuleOptions,
  TrackingEventsService,
} from '../../src';
import { CaptureStream } from '../../src/capture/stream';
import { DeclaredTarget, DELIVERY_TARGET_CLASSES } from '../../src/delivery-targets/delivery-target.registry';
import { DeliveryJobData, isDeliveryBatch, TargetJobData } from '../../src/messages';
import { targetQueueName } from '../../src/queues';
import { settleConnecting } from '../../src/redis';
import { TEST_HTTP_ADAPTER } from './http-adapter';
import { REDIS_URL } from './redis';
import { waitFor } from './wait-for';
import type { TestDatabaseInstance } from './test-databases';

/** The shop data of a test host, in memory: what the host's own store would return. */
export class InMemoryShop implements CommerceDataProvider {
  readonly users = new Map([
    ['buyer01', { ID: 'buyer01', FirstName: 'Bea', LastName: 'Buyer', Email: 'buyer01@example.com', Locale: 'en-US' }],
  ]);
  readonly lines = new Map<string, LineItemSnapshot[]>();

  async getOrder(orderId: string) {
    const lines = this.lines.get(orderId) ?? [];
    const total = lines.reduce((sum, line) => sum + line.LineTotal, 0);
    return {
      ID: orderId,
      FromUserID: 'buyer01',
      Status: 'Open',
      Subtotal: total,
      Total: total,
      Currency: 'USD',
      DateCreated: '2026-11-27T09:00:00.000Z',
    };
  }

  async listLineItems(orderId: string) {
    return this.lines.get(orderId) ?? [];
  }

  async getUser(userId: string) {
    return this.users.get(userId) ?? null;
  }
}

/** A host service whose methods carry the capture decorators, as a host's cart service would. */
@Injectable()
export class TestCartService {
  constructor(private readonly shop: InMemoryShop) {}

  @TrackEvent('LineItemAdded', {
    map: ({ args, result }) => ({ subject: { OrderID: args[0] as string, LineItem: result as LineItemSnapshot } }),
  })
  async addLine(orderId: string, productId: string, quantity: number, unitPrice: number): Promise<LineItemSnapshot> {
    const line = {
      ID: `${orderId}-${productId}`,
      ProductID: productId,
      Quantity: quantity,
      UnitPrice: unitPrice,
      LineSubtotal: quantity * unitPrice,
      LineTotal: quantity * unitPrice,
      Product: { ID: productId, Name: productId },
    };
    this.shop.lines.set(orderId, [...(this.shop.lines.get(orderId) ?? []), line]);
    return line;
  }

  @TrackEvent('OrderSubmitted', { map: ({ args }) => ({ subject: { OrderID: args[0] as string } }) })
  async submit(orderId: string): Promise<void> {
    if (!this.shop.lines.get(orderId)?.length) throw new Error('Cannot submit an order without any line items.');
  }
}

export interface TestHost {
  app: INestApplication;
  shop: InMemoryShop;
  /** The context the next captured event gets (the host's request would tell it). */
  context: { current: TrackingContext | null };
  intakeQueue: Queue;
  /** The deliveries on the target queues; by default once the capture stream is routed (a host without workers never routes it). */
  routedDeliveries(options?: { waitForStream: boolean }): Promise<DeliveryJobData[]>;
  /** What routing made of a captured event: the IDs of its deliveries. */
  routedDeliveryIds(eventId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** A minimal host app: the library on a real database and Redis, with a decorated cart service. */
export async function startTestHost(
  database: TestDatabaseInstance,
  options: { queuePrefix: string; redis?: string; hostModules?: Type[]; globalPrefix?: string } & Pick<
    TrackingEventsModuleOptions,
    | 'delivery'
    | 'reliability'
    | 'circuitBreaker'
    | 'secretEncryption'
    | 'privacy'
    | 'networkPolicy'
    | 'yieldToRequests'
    | 'jobRetention'
    | 'dashboard'
  > &
    TrackingEventsModuleExtras,
): Promise<TestHost> {
  const shop = new InMemoryShop();
  const context: TestHost['context'] = { current: { ClientID: 'storefront', UserID: 'buyer01', Currency: 'USD' } };
  const {
    queuePrefix,
    redis = REDIS_URL,
    hostModules = [],
    globalPrefix,
    isGlobal,
    dataSource,
    adminApi,
    workers,
    targets,
    bullBoard,
    ...settings
  } = options;
  const extras = { isGlobal, dataSource, adminApi, workers, targets, bullBoard };

  @Module({ providers: [{ provide: InMemoryShop, useValue: shop }, TestCartService], exports: [InMemoryShop, TestCartService] })
  class ShopModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ ...databaseOptions(database.config), name: undefined }),
      ShopModule,
      ...hostModules,
      TrackingEventsModule.forRootAsync({
        ...extras,
        imports: [ShopModule],
        inject: [InMemoryShop],
        useFactory: (data: InMemoryShop) => ({
          resolveCaller: () => ({ Roles: ['FullAccess'] }),
          apiClientExists: async () => true,
          resolveContext: () => context.current,
          commerceData: data,
          redis,
          queuePrefix,
          ...settings,
          // The tests' receivers listen on loopback.
          networkPolicy: settings.networkPolicy ?? { allowPrivateNetworks: true },
        }),
      }),
    ],
  }).compile();
  const app =
    TEST_HTTP_ADAPTER === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter({ routerOptions: { caseSensitive: false, maxParamLength: 1000 } }), {
          logger: ['error'],
        })
      : moduleRef.createNestApplication({ logger: ['error'] });
  if (globalPrefix) app.setGlobalPrefix(globalPrefix);
  // A boot that fails still opened connections: closed here, so that the test run can end.
  await app.init().catch(async (error: unknown) => {
    await app.close().catch(() => undefined);
    throw error;
  });
  const intakeQueue = new Queue(INTAKE_QUEUE, { connection: { url: redis }, prefix: queuePrefix });
  const targetQueues = app
    .get<DeclaredTarget[]>(DELIVERY_TARGET_CLASSES)
    .map(({ type }) => new Queue<TargetJobData>(targetQueueName(type), { connection: { url: redis }, prefix: queuePrefix }));
  const streamClient = new Redis(redis);
  const routedDeliveries = async ({ waitForStream } = { waitForStream: true }) => {
    const streamKey = app.get(CaptureStream).key;
    if (waitForStream) await waitFor('the capture stream to be routed', async () => (await streamClient.xlen(streamKey)) === 0);
    const jobs = (await Promise.all(targetQueues.map((queue) => queue.getJobs()))).flat();
    return jobs.flatMap((job) => (isDeliveryBatch(job.data) ? job.data.deliveries : [job.data]));
  };
  return {
    app,
    shop,
    context,
    intakeQueue,
    routedDeliveries,
    routedDeliveryIds: async (eventId) => {
      const deliveries = await routedDeliveries();
      return [...new Set(deliveries.filter((delivery) => delivery.eventId === eventId).map((delivery) => delivery.deliveryId))];
    },
    close: async () => {
      // A test may end before these finish connecting; BullMQ 5 must not close them before that.
      await settleConnecting([intakeQueue, ...targetQueues]);
      await Promise.all([intakeQueue, ...targetQueues].map((queue) => queue.close()));
      streamClient.disconnect();
      await app.close();
    },
  };
}

/**
 * An API process (admin API and capture, no workers) and a worker process on one database and one
 * Redis prefix, with LineItemAdded (`adds`) sent to an Http target (`webhook`) at the receiver.
 */
export async function startApiAndWorkerHosts(
  database: TestDatabaseInstance,
  queuePrefix: string,
  receiverOrigin: string,
): Promise<{ api: TestHost; worker: TestHost }> {
  const api = await startTestHost(database, { queuePrefix, workers: false });
  const worker = await startTestHost(database, { queuePrefix, adminApi: false });
  await api.app
    .get(DeliveryConfigsService)
    .create({ ID: 'webhook', Name: 'Webhook', DeliveryTargets: { Http: { Endpoint: `${receiverOrigin}/in`, Secret: 's' } } });
  await api.app
    .get(TrackingEventsService)
    .create({ ID: 'adds', EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'webhook' });
  return { api, worker };
}
