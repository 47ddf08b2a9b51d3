export * from './tracking-events-health.indicator';
