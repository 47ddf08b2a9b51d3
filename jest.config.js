// NestJS 12 and some of its dependencies ship ESM only; Jest's runtime loads CommonJS, so @swc/jest
// compiles those packages too (and @fastify/middie and @fastify/static, for the ESM-only packages they
// hold). Everything else in node_modules is left as it is.
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  'uid',
  '@fastify/middie',
  'path-to-regexp',
  '@fastify/static',
  'content-disposition',
];

/** @type {import('jest').Config} */
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swcTransform },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Nest loads it in an app; a unit test of a decorated class needs it too.
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  // The run's own Redis and PostgreSQL (test/support/private-servers.ts), unless TEST_REDIS_URL / TEST_POSTGRES_URL are set.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // A run-wide setting: set in a project, Jest 30 ignores it. The e2e tests boot apps and servers.
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/sample-app/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
