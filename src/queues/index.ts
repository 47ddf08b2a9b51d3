export * from './queue-names';
export * from './target-queues';
export * from './intake-queue';
export * from './queue-shutdown';
