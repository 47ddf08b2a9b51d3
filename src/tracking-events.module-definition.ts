import { ConfigurableModuleBuilder } from '@nestjs/common';
import { TRACKING_EVENTS_DEFAULTS, type TrackingEventsModuleExtras, type TrackingEventsModuleOptions } from './options';

/**
 * `forRoot()` / `forRootAsync()` of the module that holds the host's options. TrackingEventsModule
 * builds on it, so that its own parts (the queue configuration among them) can inject the settings.
 */
export const {
  ConfigurableModuleClass: TrackingEventsOptionsConfigurableModule,
  MODULE_OPTIONS_TOKEN: TRACKING_EVENTS_MODULE_OPTIONS,
  OPTIONS_TYPE: TRACKING_EVENTS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TRACKING_EVENTS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TrackingEventsModuleOptions>({ moduleName: 'TrackingEvents' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createTrackingEventsOptions')
  .setExtras<TrackingEventsModuleExtras>(TRACKING_EVENTS_DEFAULTS.extras, (definition) => definition)
  .build();
