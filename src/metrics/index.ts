export * from './metric-instruments';
export * from './pipeline-gauge-reader';
export * from './tracking-events-metrics';
