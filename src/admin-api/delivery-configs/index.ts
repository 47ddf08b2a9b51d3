export * from './delivery-config.errors';
export * from './delivery-config.model';
export * from './delivery-configs.controller';
export * from './delivery-configs.service';
export * from './delivery-targets';
