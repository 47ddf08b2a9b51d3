export * from './auth';
export * from './delivery-configs';
export * from './list';
export * from './tracking-events';
export * from './request-body-errors.installer';
export * from './admin-resource.controller';
export * from './create-or-replace';
