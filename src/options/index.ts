export * from './delivery-policy';
export * from './invalid-tracking-events-option.error';
export * from './tracking-events-caller.interface';
export * from './tracking-events-module-options.interface';
export * from './tracking-events-settings';
export * from './redis-key-layout';
export * from './redis-option';
