import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import {
  AdminApiGuard,
  DeliveryConfigsController,
  DeliveryConfigsService,
  ORDERCLOUD_TARGET_CONFIGS,
  RequestBodyErrorsInstaller,
  TrackingEventsController,
  TrackingEventsService,
} from './admin-api';
import { OrderCloudExceptionFilter } from './common/errors';
import { TRACKING_EVENTS_ENTITIES } from './entities';
import { TrackingEventsModuleExtras, validateTrackingEventsOptions } from './options';
import {
  TRACKING_EVENTS_ASYNC_OPTIONS_TYPE,
  TRACKING_EVENTS_MODULE_OPTIONS,
  TRACKING_EVENTS_OPTIONS_TYPE,
  TrackingEventsConfigurableModule,
} from './tracking-events.module-definition';
import { TARGET_CONFIG_MODELS, TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_OPTIONS } from './tracking-events.tokens';

/**
 * Server-side tracking events for a NestJS commerce backend, OrderCloud compatible.
 *
 * @example
 * TrackingEventsModule.forRootAsync({
 *   imports: [AuthModule],
 *   inject: [AuthService, ApiClientsService],
 *   useFactory: (auth: AuthService, clients: ApiClientsService) => ({
 *     resolveCaller: (request) => auth.callerOf(request),
 *     apiClientExists: (id) => clients.exists(id),
 *   }),
 * })
 * @publicApi
 */
@Module({})
export class TrackingEventsModule extends TrackingEventsConfigurableModule {
  static forRoot(options: typeof TRACKING_EVENTS_OPTIONS_TYPE): DynamicModule {
    return withLibraryParts(super.forRoot(options), options);
  }

  static forRootAsync(options: typeof TRACKING_EVENTS_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withLibraryParts(super.forRootAsync(options), options);
  }
}

function withLibraryParts(definition: DynamicModule, extras: TrackingEventsModuleExtras): DynamicModule {
  const adminApi = extras.adminApi ?? true;
  const entities = TypeOrmModule.forFeature(TRACKING_EVENTS_ENTITIES, extras.dataSource);
  const services = [TrackingEventsService, DeliveryConfigsService];
  return {
    ...definition,
    imports: [...(definition.imports ?? []), entities],
    controllers: adminApi ? [TrackingEventsController, DeliveryConfigsController] : [],
    providers: [
      ...(definition.providers ?? []),
      {
        provide: TRACKING_EVENTS_OPTIONS,
        useFactory: validateTrackingEventsOptions,
        inject: [TRACKING_EVENTS_MODULE_OPTIONS],
      },
      { provide: TRACKING_EVENTS_DATA_SOURCE, useExisting: getDataSourceToken(extras.dataSource) },
      { provide: TARGET_CONFIG_MODELS, useValue: ORDERCLOUD_TARGET_CONFIGS },
      ...services,
      AdminApiGuard,
      OrderCloudExceptionFilter,
      ...(adminApi ? [RequestBodyErrorsInstaller] : []),
    ],
    exports: [...(definition.exports ?? []), entities, ...services],
  };
}
