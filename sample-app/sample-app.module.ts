import { DynamicModule, MiddlewareConsumer, Module, NestModule, Optional } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  AzureBlobTarget,
  AzureTableTarget,
  CosmosDbTarget,
  createRequestBodyCheckMiddleware,
  EventHubTarget,
  KafkaTarget,
  TrackingEventsModule,
} from '../src';
import { ApiClientsService } from './auth/api-clients.service';
import { AuthModule } from './auth/auth.module';
import { ShopperBodyErrorsInstaller } from './auth/shopper-body-errors.installer';
import { TokenService } from './auth/token.service';
import { CatalogModule } from './catalog/catalog.module';
import type { SampleConfig } from './config/sample-config';
import { SAMPLE_CONFIG } from './config/sample-config.token';
import { databaseOptions, databaseProviders } from './database/database-options';
import { MeController } from './me/me.controller';
import { MeModule } from './me/me.module';
import { OrdersController } from './orders/orders.controller';
import { OrdersModule } from './orders/orders.module';
import { ObservabilityModule } from './operations/observability.module';
import { QUEUE_BOARD_ROUTE, QueueBoardModule } from './operations/queue-board.module';
import { ADMIN_PORTAL_CLIENT_ID, SeedService } from './seed/seed.service';
import { AuditLogTarget } from './tracking/audit-log.target';
import { SampleCommerceDataProvider } from './tracking/sample-commerce-data.provider';
import { TrackingContextResolver } from './tracking/tracking-context.resolver';
import { TrackingHostModule } from './tracking/tracking-host.module';

/** The route of the delivery dashboard (outside the `/v1` prefix). */
export const DELIVERY_DASHBOARD_ROUTE = '/admin/tracking';

/** Holds the configuration for every module of the app. */
@Module({})
class SampleConfigModule {
  static forRoot(config: SampleConfig): DynamicModule {
    return {
      module: SampleConfigModule,
      global: true,
      providers: [{ provide: SAMPLE_CONFIG, useValue: config }],
      exports: [SAMPLE_CONFIG],
    };
  }
}

/** How the app runs: an HTTP server (API, and workers with RUN_WORKERS=true), or workers only. */
export type SampleAppMode = 'http' | 'worker';

/** A small OrderCloud-compatible commerce backend hosting the tracking events library. */
@Module({})
export class SampleAppModule implements NestModule {
  // Present in the HTTP mode.
  constructor(@Optional() private readonly shopperBodyErrors?: ShopperBodyErrorsInstaller) {}

  /** The shopper API refuses over-deep bodies and prototype keys as the admin API does, in the same shape. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(createRequestBodyCheckMiddleware()).forRoutes(OrdersController, MeController);
    // Fastify parses bodies after Nest middleware: there the check is a route hook, set before the routes are registered.
    this.shopperBodyErrors?.installBeforeRoutes();
  }

  static forRoot(config: SampleConfig, mode: SampleAppMode = 'http'): DynamicModule {
    const http = mode === 'http';
    // The dashboard is mounted with Bull Board's Express adapter: the sample serves it on Express only.
    const queueBoard = http && config.httpAdapter === 'express';
    return {
      module: SampleAppModule,
      imports: [
        SampleConfigModule.forRoot(config),
        TypeOrmModule.forRoot(databaseOptions(config.database)),
        AuthModule,
        CatalogModule,
        OrdersModule,
        MeModule,
        ...(queueBoard ? [QueueBoardModule] : []),
        ...(http ? [ObservabilityModule] : []),
        TrackingEventsModule.forRootAsync({
          // Global, so that the shop's modules can inject IdentityStitcher.
          isGlobal: true,
          // RUN_WORKERS=thread: this app's workers run in a thread of their own (main.ts), not here.
          workers: !http || config.runWorkers === true,
          // Read-only unless QUEUE_BOARD_ACTIONS: a job added or retried there is delivered signed with the stored secret.
          bullBoard: queueBoard && { readOnly: !config.queueBoardActions },
          // The library's optional targets (each needs its client package) and the shop's own.
          targets: [KafkaTarget, EventHubTarget, AzureBlobTarget, AzureTableTarget, CosmosDbTarget, AuditLogTarget],
          imports: [AuthModule, TrackingHostModule],
          inject: [TokenService, ApiClientsService, TrackingContextResolver, SampleCommerceDataProvider],
          useFactory: (
            tokens: TokenService,
            apiClients: ApiClientsService,
            contexts: TrackingContextResolver,
            commerceData: SampleCommerceDataProvider,
          ) => ({
            resolveCaller: (request) => tokens.callerOf(request),
            apiClientExists: (clientId) => apiClients.exists(clientId),
            resolveContext: (request) => contexts.resolve(request),
            commerceData,
            enabled: config.trackingEnabled,
            redis: config.redisClusterNodes ? { cluster: { nodes: config.redisClusterNodes } } : config.redisUrl,
            queuePrefix: config.queuePrefix,
            delivery: config.delivery,
            reliability: config.reliability,
            circuitBreaker: config.circuitBreaker,
            health: config.health,
            // In prom-client's default registry, which /metrics serves.
            metrics: { enabled: config.metricsEnabled },
            kafka: config.kafka,
            deliveryLog: config.deliveryLog,
            jobRetention: config.jobRetention,
            yieldToRequests: config.yieldToRequests,
            secretEncryption: config.secretEncryption,
            networkPolicy: { allowPrivateNetworks: config.allowPrivateTargets, echoResponseBodies: config.echoResponseBodies },
            // The delivery dashboard at /admin/tracking: an admin signs in with the admin portal's API client.
            dashboard: {
              enabled: http,
              path: DELIVERY_DASHBOARD_ROUTE,
              signIn: { tokenUrl: '/oauth/token', clientId: ADMIN_PORTAL_CLIENT_ID },
              bullBoardUrl: queueBoard ? QUEUE_BOARD_ROUTE : undefined,
            },
          }),
        }),
      ],
      providers: [SeedService, ...databaseProviders(config.database), ...(http ? [ShopperBodyErrorsInstaller] : [])],
    };
  }
}
