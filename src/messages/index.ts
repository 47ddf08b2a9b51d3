export * from './captured-event';
export * from './commerce-data-provider.interface';
export * from './delivery-job';
export * from './tracking-context';
export * from './tracking-message';
