import { createHash } from 'node:crypto';
import { DeliveryConfigsService, TrackingEventPublisher, TrackingEventsService } from '../../src';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const payloadOf = (receiver: LoopbackReceiver, index: number) => JSON.parse(receiver.received[index].body.toString()).Payload;

/** Per target type field policies: one target type gets the e-mail hashed and the names dropped, another the message whole. */
describe.each(TEST_DATABASES)('Field policies ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let http: LoopbackReceiver;
  let messageSender: LoopbackReceiver;
  let host: TestHost;
  const queuePrefix = uniqueQueuePrefix();

  beforeAll(async () => {
    instance = await database.create();
    [http, messageSender] = await Promise.all([startLoopbackReceiver(), startLoopbackReceiver()]);
    host = await startTestHost(instance, {
      queuePrefix,
      networkPolicy: { allowPrivateNetworks: true },
      delivery: { attempts: 3, backoffMs: 40, timeoutMs: 2000 },
      privacy: { fieldPolicy: { Http: { drop: ['FirstName', 'LastName'], hash: ['Email', 'UserContext.AnonymousId'] } } },
    });
    await host.app.get(DeliveryConfigsService).create({
      ID: 'both',
      Name: 'Both',
      DeliveryTargets: {
        Http: { Endpoint: `${http.origin}/in`, Secret: 's' },
        MessageSender: { Endpoint: `${messageSender.origin}/in`, Secret: 's' },
      },
    });
    await host.app
      .get(TrackingEventsService)
      .create({ ID: 'logins', EventType: 'UserLoggedIn', ClientID: 'storefront', Name: 'Logins', DeliveryConfigID: 'both' });
  });

  afterAll(async () => {
    await host?.close();
    await Promise.all([http, messageSender].map((receiver) => receiver?.close()));
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it('hashes and drops the fields of one target type, on the first attempt and its retry, while the other target gets them whole', async () => {
    http.answerOnce({ status: 503, body: 'busy' });
    await host.app
      .get(TrackingEventPublisher)
      .publish('UserLoggedIn', { UserID: 'buyer01' }, { context: { ClientID: 'storefront', UserID: 'buyer01', AnonymousID: 'beacon-1' } });
    await waitFor('the attempts', () => http.received.length === 2 && messageSender.received.length === 1);

    expect(payloadOf(messageSender, 0)).toMatchObject({
      UserContext: { ID: 'buyer01', AnonymousId: 'beacon-1' },
      Email: 'buyer01@example.com',
      FirstName: 'Bea',
      LastName: 'Buyer',
    });
    for (const attempt of [0, 1]) {
      const payload = payloadOf(http, attempt);
      expect(payload).toEqual({
        UserContext: { ID: 'buyer01', AnonymousId: sha256('beacon-1') },
        Language: 'en',
        Currency: 'USD',
        Email: sha256('buyer01@example.com'),
      });
      expect(http.received[attempt].body.toString()).not.toContain('buyer01@example.com');
    }
  });
});
