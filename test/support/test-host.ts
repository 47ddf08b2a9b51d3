import { INestApplication, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { databaseOptions } from '../../sample-app/database/database-options';
import {
  CommerceDataProvider,
  INTAKE_QUEUE,
  LineItemSnapshot,
  TrackEvent,
  TrackingContext,
  TrackingEventsModule,
  TrackingEventsModuleExtras,
  TrackingEventsModuleOptions,
} from '../../src';
import { REDIS_URL } from './redis';
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
  close(): Promise<void>;
}

/** A minimal host app: the library on a real database and Redis, with a decorated cart service. */
export async function startTestHost(
  database: TestDatabaseInstance,
  options: { queuePrefix: string; redis?: string } & Pick<TrackingEventsModuleOptions, 'delivery' | 'reliability' | 'circuitBreaker'> &
    TrackingEventsModuleExtras,
): Promise<TestHost> {
  const shop = new InMemoryShop();
  const context: TestHost['context'] = { current: { ClientID: 'storefront', UserID: 'buyer01', Currency: 'USD' } };
  const { queuePrefix, delivery, reliability, circuitBreaker, redis = REDIS_URL, ...extras } = options;

  @Module({ providers: [{ provide: InMemoryShop, useValue: shop }, TestCartService], exports: [InMemoryShop, TestCartService] })
  class ShopModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ ...databaseOptions(database.config), name: undefined }),
      ShopModule,
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
          delivery,
          reliability,
          circuitBreaker,
        }),
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  const intakeQueue = new Queue(INTAKE_QUEUE, { connection: { url: redis }, prefix: queuePrefix });
  return {
    app,
    shop,
    context,
    intakeQueue,
    close: async () => {
      await intakeQueue.close();
      await app.close();
    },
  };
}
