export * from './delivery.processor';
export * from './pipeline-workers';
export * from './target-clients';
