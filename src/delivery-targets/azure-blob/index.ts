export * from './azure-blob-config';
export * from './azure-blob-payload';
export * from './azure-blob.target';
