export * from './pipeline-readings';
