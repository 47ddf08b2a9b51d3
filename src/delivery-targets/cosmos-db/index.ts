export * from './cosmos-db-config';
export * from './cosmos-db-connection';
export * from './cosmos-db-item';
export * from './cosmos-db.target';
