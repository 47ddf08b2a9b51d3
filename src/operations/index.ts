export * from './bull-board-feature';
export * from './circuit-breaker';
export * from './dead-letters';
export * from './delivery-log';
export * from './user-erasure';
export * from './health';
export * from './pipeline-readings';
