export * from './circuit-breaker';
export * from './delivery-circuits.controller';
