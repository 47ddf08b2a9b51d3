export * from './admin-api.guard';
export * from './required-roles.decorator';
export * from './admin-api.decorator';
