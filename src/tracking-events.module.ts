import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Logger, MiddlewareConsumer, Module, NestModule, Optional } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import {
  AdminApiGuard,
  DeadLettersController,
  DeliveryAttemptsController,
  DeliveryCircuitsController,
  DeliveryStatsController,
  DeliveryStatsService,
  DeliveryConfigsController,
  DeliveryConfigsService,
  RequestBodyErrorsInstaller,
  TrackingEventsController,
  TrackingEventsService,
} from './admin-api';
import {
  CaptureStream,
  IntakeRecorder,
  OutboxRelay,
  RequestActivity,
  RequestYielding,
  SharedRequestLoad,
  localRequestLoad,
  RequestContext,
  RequestContextMiddleware,
  TrackEventExplorer,
  TrackingEventPublisher,
} from './capture';
import { OrderCloudExceptionFilter } from './common/errors';
import { DashboardServer } from './dashboard';
import { createRequestBodyCheckMiddleware } from './common/validation';
import {
  BUILT_IN_TARGETS,
  declareTargets,
  OPTIONAL_TARGETS,
  DELIVERY_TARGET_CLASSES,
  DELIVERY_TARGET_SETTINGS,
  DeliveryTargetRegistry,
  type DeliveryTargetSettings,
  TargetHttpClient,
  TargetNetworkPolicy,
} from './delivery-targets';
import { TRACKING_EVENTS_ENTITIES } from './entities';
import { MessageHydrator } from './hydration';
import { IdentityLinksService, IdentityStitcher } from './identity';
import { resolveTrackingEventsExtras, resolveTrackingEventsSettings, TrackingEventsModuleExtras, TrackingEventsSettings } from './options';
import { DeliveryProcessor, PipelineWorkers, TargetClients, WorkersThread } from './delivery';
import { PIPELINE_GAUGE_READER, TrackingEventsMetrics } from './metrics';
import { INTAKE_QUEUE, QueueShutdown, TargetQueues, targetQueueName, TRACKING_EVENTS_BULL_CONFIG_KEY } from './queues';
import { assertRedisReachable, LibraryRedis } from './redis';
import { CaptureStreamRouter, EventClaims, EventRouter, IntakeProcessor, RoutingChangeBus, RoutingTable } from './routing';
import { DeliveryTargetSecrets, SecretReencryptionService } from './secret-encryption';
import {
  TRACKING_EVENTS_ASYNC_OPTIONS_TYPE,
  TRACKING_EVENTS_MODULE_OPTIONS,
  TRACKING_EVENTS_OPTIONS_TYPE,
  TrackingEventsOptionsConfigurableModule,
} from './tracking-events.module-definition';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from './tracking-events.constants';
import { TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_SETTINGS } from './tracking-events.tokens';
import {
  CircuitBreaker,
  DeadLettersService,
  DeliveryLogService,
  DeliveryLogWriter,
  loadBullBoardFeature,
  PipelineReadings,
  TrackingEventsHealthIndicator,
  UserErasureService,
} from './operations';

const ADMIN_API_CONTROLLERS = [
  TrackingEventsController,
  DeliveryConfigsController,
  DeadLettersController,
  DeliveryAttemptsController,
  DeliveryCircuitsController,
  DeliveryStatsController,
];

/** Holds the host's options, validated at boot, for every part of the library. */
@Module({})
class TrackingEventsOptionsModule extends TrackingEventsOptionsConfigurableModule {}

/**
 * Server-side tracking events for a NestJS commerce backend, OrderCloud compatible: the admin API,
 * capture of the host's business events, and their delivery through BullMQ queues.
 *
 * @example
 * TrackingEventsModule.forRootAsync({
 *   imports: [AuthModule, ShopModule],
 *   inject: [AuthService, ShopTrackingData],
 *   useFactory: (auth: AuthService, shop: ShopTrackingData) => ({
 *     resolveCaller: (request) => auth.callerOf(request),
 *     apiClientExists: (id) => auth.apiClientExists(id),
 *     resolveContext: (request) => auth.trackingContextOf(request),
 *     commerceData: shop,
 *     redis: process.env.REDIS_URL,
 *   }),
 * })
 * @publicApi
 */
@Module({})
export class TrackingEventsModule implements NestModule {
  // Present when the admin API is served.
  constructor(@Optional() private readonly requestBodyErrors?: RequestBodyErrorsInstaller) {}

  static forRoot(options: typeof TRACKING_EVENTS_OPTIONS_TYPE): DynamicModule {
    return assemble(TrackingEventsOptionsModule.forRoot(options), options);
  }

  static forRootAsync(options: typeof TRACKING_EVENTS_ASYNC_OPTIONS_TYPE): DynamicModule {
    return assemble(TrackingEventsOptionsModule.forRootAsync(options), options);
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('{*path}');
    // The admin API's bodies are checked before its guard and handlers read them (routes of the host are left alone).
    consumer.apply(createRequestBodyCheckMiddleware()).forRoutes(...ADMIN_API_CONTROLLERS);
    // Called before the routes are registered: Fastify's route hooks can only be set then.
    this.requestBodyErrors?.installBeforeRoutes();
  }
}

function assemble(optionsDefinition: DynamicModule, given: TrackingEventsModuleExtras): DynamicModule {
  const extras = resolveTrackingEventsExtras(given);
  const optionsModule: DynamicModule = {
    ...optionsDefinition,
    providers: [
      ...(optionsDefinition.providers ?? []),
      { provide: TRACKING_EVENTS_SETTINGS, useFactory: resolveTrackingEventsSettings, inject: [TRACKING_EVENTS_MODULE_OPTIONS] },
      // Here, so that the BullMQ configuration below can have its cluster connection.
      LibraryRedis,
    ],
    exports: [TRACKING_EVENTS_SETTINGS, LibraryRedis],
  };
  const targets = declareTargets([...BUILT_IN_TARGETS, ...extras.targets]);
  const queueNames = [INTAKE_QUEUE, ...targets.map(({ type }) => targetQueueName(type))];
  const entities = TypeOrmModule.forFeature(TRACKING_EVENTS_ENTITIES, extras.dataSource);
  const services = [
    TrackingEventsService,
    DeliveryConfigsService,
    TrackingEventPublisher,
    IdentityStitcher,
    IdentityLinksService,
    DeadLettersService,
    DeliveryLogService,
    CircuitBreaker,
    UserErasureService,
    SecretReencryptionService,
    TrackingEventsHealthIndicator,
  ];

  return {
    module: TrackingEventsModule,
    global: extras.isGlobal,
    imports: [
      optionsModule,
      DiscoveryModule,
      entities,
      BullModule.forRootAsync(TRACKING_EVENTS_BULL_CONFIG_KEY, {
        imports: [optionsModule],
        inject: [TRACKING_EVENTS_SETTINGS, LibraryRedis],
        useFactory: async (settings: TrackingEventsSettings, redis: LibraryRedis) => {
          const logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
          for (const warning of await assertRedisReachable(settings.redis)) logger.warn(warning);
          // Producers fail fast while Redis is away, so that capture falls back to the outbox at once.
          return { connection: redis.bullMqConnection('queues', { enableOfflineQueue: false }), prefix: settings.queuePrefix };
        },
      }),
      // Injected by the library's names for them; in Redis, a queue's name may carry a Redis Cluster hash tag.
      BullModule.registerQueueAsync(
        ...queueNames.map((name) => ({
          name,
          configKey: TRACKING_EVENTS_BULL_CONFIG_KEY,
          imports: [optionsModule],
          inject: [TRACKING_EVENTS_SETTINGS],
          useFactory: (settings: TrackingEventsSettings) => ({ name: settings.keys.queueName(name) }),
        })),
      ),
      ...(extras.bullBoard ? [loadBullBoardFeature(queueNames, extras.bullBoard !== true && extras.bullBoard.readOnly)] : []),
    ],
    controllers: extras.adminApi ? ADMIN_API_CONTROLLERS : [],
    providers: [
      { provide: TRACKING_EVENTS_DATA_SOURCE, useExisting: getDataSourceToken(extras.dataSource) },
      ...BUILT_IN_TARGETS,
      // The library's optional targets are its own providers: the host only names them.
      ...extras.targets.filter((targetClass) => OPTIONAL_TARGETS.includes(targetClass)),
      TargetHttpClient,
      {
        provide: TargetNetworkPolicy,
        useFactory: (settings: TrackingEventsSettings) => new TargetNetworkPolicy(settings.networkPolicy),
        inject: [TRACKING_EVENTS_SETTINGS],
      },
      { provide: DELIVERY_TARGET_CLASSES, useValue: targets },
      {
        provide: DELIVERY_TARGET_SETTINGS,
        useFactory: (settings: TrackingEventsSettings): DeliveryTargetSettings => ({
          attemptTimeoutMs: (targetType) => settings.delivery.policyFor(targetType).timeoutMs,
          kafka: settings.kafka,
        }),
        inject: [TRACKING_EVENTS_SETTINGS],
      },
      DeliveryTargetRegistry,
      TargetClients,
      RequestContext,
      RequestActivity,
      {
        provide: RequestYielding,
        // In the workers' thread of an API process, the load is the API thread's.
        useFactory: (settings: TrackingEventsSettings, activity: RequestActivity) =>
          new RequestYielding(
            settings.yieldToRequests,
            SharedRequestLoad.ofThisThread()?.read ?? localRequestLoad(settings.yieldToRequests, activity),
          ),
        inject: [TRACKING_EVENTS_SETTINGS, RequestActivity],
      },
      RequestContextMiddleware,
      CaptureStream,
      IntakeRecorder,
      TrackEventExplorer,
      DeliveryTargetSecrets,
      RoutingTable,
      RoutingChangeBus,
      MessageHydrator,
      TargetQueues,
      {
        provide: QueueShutdown,
        useFactory: (...queues: Queue[]) => new QueueShutdown(queues),
        inject: queueNames.map((name) => getQueueToken(name)),
      },
      DeliveryLogWriter,
      EventRouter,
      EventClaims,
      IntakeProcessor,
      DeliveryProcessor,
      PipelineReadings,
      { provide: PIPELINE_GAUGE_READER, useExisting: PipelineReadings },
      TrackingEventsMetrics,
      ...(extras.workers ? [PipelineWorkers, CaptureStreamRouter, OutboxRelay] : []),
      {
        provide: WorkersThread,
        useFactory: (settings: TrackingEventsSettings, activity: RequestActivity) => new WorkersThread(settings, activity, extras.workers),
        inject: [TRACKING_EVENTS_SETTINGS, RequestActivity],
      },
      ...services,
      AdminApiGuard,
      OrderCloudExceptionFilter,
      DashboardServer,
      ...(extras.adminApi ? [RequestBodyErrorsInstaller, DeliveryStatsService] : []),
    ],
    exports: [entities, ...services, RequestContext],
  };
}
