// A host application outside the repository, in plain CommonJS: it sees the library only as installed from
// its tarball. Copied into a scratch directory and run by packed-package.e2e-spec.ts, which gives it the
// Redis URL and queue prefix as arguments and reads the JSON line it prints.
'use strict';
require('reflect-metadata');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule } = require('@nestjs/typeorm');
const { TRACKING_EVENTS_MIGRATIONS, TrackingEventsModule } = require('nestjs-tracking-events');

const [redis, queuePrefix] = process.argv.slice(2);
const ADMIN_TOKEN = 'Bearer admin';

// No decorator syntax in plain JS: the decorator is called on the class instead.
class HostModule {}
Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: ':memory:',
      autoLoadEntities: true,
      migrations: TRACKING_EVENTS_MIGRATIONS,
      migrationsRun: true,
    }),
    TrackingEventsModule.forRoot({
      resolveCaller: (request) => (request.headers.authorization === ADMIN_TOKEN ? { Roles: ['FullAccess'], UserType: 'admin' } : null),
      apiClientExists: (clientId) => clientId === 'storefront',
      resolveContext: () => null,
      commerceData: { getOrder: async () => null, listLineItems: async () => [], getUser: async () => null },
      redis,
      queuePrefix,
      dashboard: { enabled: true },
    }),
  ],
})(HostModule);

function errorCodeOf(load) {
  try {
    load();
    return null;
  } catch (error) {
    return error.code;
  }
}

async function main() {
  const app = await NestFactory.create(HostModule, { logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address();
    const response = await fetch(`http://127.0.0.1:${port}/integrations/TrackingEvents`, { headers: { authorization: ADMIN_TOKEN } });
    const dashboard = await fetch(`http://127.0.0.1:${port}/admin/tracking`);
    const page = await dashboard.text();
    const script = await fetch(`http://127.0.0.1:${port}${/src="([^"]+)"/.exec(page)[1]}`);
    const result = {
      resolved: require.resolve('nestjs-tracking-events'),
      status: response.status,
      body: await response.json(),
      dashboard: { status: dashboard.status, scriptStatus: script.status, scriptType: script.headers.get('content-type') },
      deepImportError: errorCodeOf(() => require('nestjs-tracking-events/dist/src/queues')),
    };
    console.log(JSON.stringify(result));
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
