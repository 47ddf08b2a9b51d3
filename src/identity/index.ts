export * from './identity-link.entity';
export * from './identity-links.service';
export * from './identity-stitcher';
export * from './invalid-identity.error';
