export * from './delivery.processor';
export * from './pipeline-workers';
