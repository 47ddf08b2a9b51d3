export * from './delivery-target-secrets';
export * from './secret-cipher';
export * from './secret-decryption.error';
export * from './secret-location';
export * from './secret-reencryption.service';
export * from './write-only-values';
