export * from './dashboard-assets';
export * from './dashboard-document';
export * from './dashboard-not-built.error';
export * from './dashboard-server';
