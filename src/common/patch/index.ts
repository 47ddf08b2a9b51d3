export * from './apply-merge-patch';
