export * from './user-data-owner';
export * from './user-erasure.service';
