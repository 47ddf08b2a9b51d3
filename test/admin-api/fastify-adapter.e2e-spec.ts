import { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CaseSensitiveRoutesError, TRACKING_EVENTS_MIGRATIONS, TrackingEventsModule } from '../../src';
import { bodyOf } from '../support/http';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';

/** On Fastify whatever TEST_HTTP_ADAPTER says: what only Fastify hosts meet. */
describe('The admin API on Fastify', () => {
  const queuePrefix = uniqueQueuePrefix();
  const callerRequests: unknown[] = [];
  let app: INestApplication | undefined;

  async function createApp(adapter: FastifyAdapter): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'better-sqlite3',
          database: ':memory:',
          autoLoadEntities: true,
          migrations: TRACKING_EVENTS_MIGRATIONS,
          migrationsRun: true,
        }),
        TrackingEventsModule.forRoot({
          resolveCaller: (request) => {
            callerRequests.push(request);
            return request.headers.authorization === 'Bearer admin' ? { Roles: ['FullAccess'], UserType: 'admin' } : null;
          },
          apiClientExists: async () => true,
          resolveContext: () => null,
          commerceData: { getOrder: async () => null, listLineItems: async () => [], getUser: async () => null },
          redis: REDIS_URL,
          queuePrefix,
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication(adapter, { logger: false });
    return app;
  }

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    await deleteQueueKeys(queuePrefix);
  });

  it('refuses to boot on a case-sensitive router (Fastify’s default), naming the setting', async () => {
    const refused = (await createApp(new FastifyAdapter())).init();
    await expect(refused).rejects.toThrow(CaseSensitiveRoutesError);
    await expect(refused).rejects.toThrow('new FastifyAdapter({ routerOptions: { caseSensitive: false } })');
  });

  it('serves its paths in any case, and resolveCaller gets Node’s IncomingMessage', async () => {
    const started = await createApp(new FastifyAdapter({ routerOptions: { caseSensitive: false } }));
    await started.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(started.getHttpServer().address() as AddressInfo).port}`;
    for (const path of ['/integrations/TrackingEvents', '/integrations/trackingevents', '/INTEGRATIONS/DELIVERYCONFIG']) {
      const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: 'Bearer admin' } });
      expect(response.status).toBe(200);
      expect(await bodyOf(response)).toMatchObject({ Items: [] });
    }
    expect(callerRequests.length).toBeGreaterThan(0);
    for (const request of callerRequests) expect(request).toBeInstanceOf(IncomingMessage);
  });
});
