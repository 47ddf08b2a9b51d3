export * from './target-address-refused.error';
export * from './target-network-policy';
export * from './connects-to.decorator';
