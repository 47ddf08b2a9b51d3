/** The HTTP adapter the e2e tests run their apps on: Fastify with TEST_HTTP_ADAPTER=fastify, Express otherwise. */
export const TEST_HTTP_ADAPTER: 'express' | 'fastify' = process.env.TEST_HTTP_ADAPTER === 'fastify' ? 'fastify' : 'express';
