export * from './capture-stream-router';
export * from './event-claims';
export * from './event-router';
export * from './intake.processor';
export * from './routing-change-bus';
export * from './routing-table';
