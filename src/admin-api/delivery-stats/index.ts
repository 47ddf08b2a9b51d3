export * from './delivery-stats.controller';
export * from './delivery-stats.model';
export * from './delivery-stats.service';
