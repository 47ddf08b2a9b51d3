export * from './property-decorators';
export * from './validate-model';
