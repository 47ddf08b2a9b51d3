import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { TrackingEventsModuleExtras, TrackingEventsModuleOptions } from './options';

export const DEFAULT_EXTRAS: Required<Omit<TrackingEventsModuleExtras, 'dataSource'>> & Pick<TrackingEventsModuleExtras, 'dataSource'> = {
  isGlobal: false,
  dataSource: undefined,
  adminApi: true,
  workers: true,
  targets: [],
  bullBoard: false,
};

/**
 * `forRoot()` / `forRootAsync()` of the module that holds the host's options. TrackingEventsModule
 * builds on it, so that its own parts (the queue configuration among them) can inject the options.
 */
export const {
  ConfigurableModuleClass: TrackingEventsOptionsConfigurableModule,
  MODULE_OPTIONS_TOKEN: TRACKING_EVENTS_MODULE_OPTIONS,
  OPTIONS_TYPE: TRACKING_EVENTS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TRACKING_EVENTS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TrackingEventsModuleOptions>({ moduleName: 'TrackingEvents' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createTrackingEventsOptions')
  .setExtras<TrackingEventsModuleExtras>(DEFAULT_EXTRAS, (definition) => definition)
  .build();
