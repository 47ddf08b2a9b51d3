export * from './delivery.processor';
export * from './pipeline-workers';
export * from './target-clients';
export * from './workers-thread';
