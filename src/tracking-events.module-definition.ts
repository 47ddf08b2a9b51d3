import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { TrackingEventsModuleExtras, TrackingEventsModuleOptions } from './options';

/**
 * `forRoot()` / `forRootAsync()` come from Nest's ConfigurableModuleBuilder; the extras are the
 * static settings that shape the module (see TrackingEventsModule).
 */
export const {
  ConfigurableModuleClass: TrackingEventsConfigurableModule,
  MODULE_OPTIONS_TOKEN: TRACKING_EVENTS_MODULE_OPTIONS,
  OPTIONS_TYPE: TRACKING_EVENTS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TRACKING_EVENTS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TrackingEventsModuleOptions>({ moduleName: 'TrackingEvents' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createTrackingEventsOptions')
  .setExtras<TrackingEventsModuleExtras>({ isGlobal: false, dataSource: undefined, adminApi: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
