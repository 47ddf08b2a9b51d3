export * from './delivery-job';
export * from './delivery-policy';
export * from './delivery.processor';
export * from './pipeline-workers';
export * from './queue-names';
export * from './redis-availability';
export * from './redis-connection';
export * from './target-queues';
