export * from './admin-api.guard';
export * from './required-roles.decorator';
