export * from './routing-change-bus';
export * from './routing-table';
export * from './intake.processor';
