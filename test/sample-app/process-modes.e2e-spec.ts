import { Auth, DeliveryConfigurations, Tokens, TrackingEvents } from 'ordercloud-javascript-sdk';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { createSampleApp, createSampleWorker } from '../../sample-app/create-sample-app';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { bodyOf } from '../support/http';
import {
  ADMIN,
  BUYER,
  loginAsAdmin,
  prepareSampleConfig,
  RunningSampleApp,
  startSampleApp,
  useSdkAgainst,
} from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';
import { pause, waitFor } from '../support/wait-for';

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

describe.each(TEST_DATABASES)('Sample app processes ($name)', (database) => {
  let api: RunningSampleApp;
  let worker: INestApplicationContext | undefined;
  let receiver: LoopbackReceiver;

  beforeAll(async () => {
    receiver = await startLoopbackReceiver();
    // An API process that runs no workers: capture and the admin API only.
    api = await startSampleApp(database, { runWorkers: false });
    useSdkAgainst(api);
    await loginAsAdmin();
    await DeliveryConfigurations.Create({
      ID: 'webhook',
      Name: 'Webhook',
      DeliveryTargets: { Http: { Endpoint: `${receiver.origin}/in`, Secret: 's' } },
    });
    await TrackingEvents.Create({ EventType: 'UserLoggedIn', ClientID: 'storefront', Name: 'Logins', DeliveryConfigID: 'webhook' });
    Tokens.RemoveAccessToken();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
  });

  it('keeps captured events queued until a worker process delivers them', async () => {
    await Auth.Login(BUYER.username, BUYER.password, BUYER.clientId);
    await pause(300);
    expect(receiver.received).toHaveLength(0);

    worker = await createSampleWorker(api.config, { logger: ['error'] });
    await waitFor('the worker process to deliver the login', () => receiver.received.length === 1);
    expect(JSON.parse(receiver.received[0].body.toString()).Payload.UserContext).toEqual({ ID: 'buyer01', AnonymousId: null });
  });

  describe('the queue dashboard at /admin/queues', () => {
    it('asks for credentials, and refuses anyone but a FullAccess admin', async () => {
      const anonymous = await fetch(`${api.baseUrl}/admin/queues`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect((await fetch(`${api.baseUrl}/admin/queues`, { headers: { authorization: basic(ADMIN.username, 'wrong') } })).status).toBe(401);
      expect(
        (await fetch(`${api.baseUrl}/admin/queues`, { headers: { authorization: basic(BUYER.username, BUYER.password) } })).status,
      ).toBe(401);
    });

    it('shows the admin every queue of the pipeline, one per target type, the host target included', async () => {
      const headers = { authorization: basic(ADMIN.username, ADMIN.password) };
      const page = await fetch(`${api.baseUrl}/admin/queues`, { headers });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
      const queues = await bodyOf(await fetch(`${api.baseUrl}/admin/queues/api/queues`, { headers }));
      expect(queues.queues.map((queue: { name: string }) => queue.name).sort()).toEqual([
        'tracking-events-intake',
        'tracking-events-target-audit-log',
        'tracking-events-target-azure-blob',
        'tracking-events-target-azure-table',
        'tracking-events-target-cosmos-db',
        'tracking-events-target-discover-event',
        'tracking-events-target-event-hub',
        'tracking-events-target-http',
        'tracking-events-target-kafka',
        'tracking-events-target-message-sender',
        'tracking-events-target-send-event',
      ]);
    });
  });
});

describe('Sample apps sharing one process', () => {
  it('leave SIGTERM and SIGINT to the process when asked to (shutdownHooks: false), and close on them by default', async () => {
    const { config, cleanUp } = await prepareSampleConfig(TEST_DATABASES[0], { runWorkers: false });
    const signalListeners = () => process.listenerCount('SIGTERM') + process.listenerCount('SIGINT');
    const before = signalListeners();
    const apps: INestApplication[] = [];
    try {
      apps.push(await createSampleApp(config, { logger: ['error'], shutdownHooks: false }));
      await apps[0].init();
      expect(signalListeners()).toBe(before);
      apps.push(await createSampleApp(config, { logger: ['error'] }));
      await apps[1].init();
      expect(signalListeners()).toBe(before + 2);
    } finally {
      for (const app of apps) await app.close();
      await cleanUp();
    }
  });
});
