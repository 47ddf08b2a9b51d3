export * from './azure-table-config';
export * from './azure-table-entity';
export * from './azure-table.target';
