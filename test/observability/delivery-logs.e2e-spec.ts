import { ConsoleLogger, LoggerService, Module } from '@nestjs/common';
import { Writable } from 'node:stream';
import { Logger as PinoNestLogger, LoggerModule } from 'nestjs-pino';
import { DeliveryConfigsService, TrackingEventPublisher, TrackingEventsService } from '../../src';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { TEST_DATABASES } from '../support/test-databases';
import { startTestHost, TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';

const [database] = TEST_DATABASES;

/** The JSON lines a logger wrote. */
class JsonLines extends Writable {
  readonly records: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.records.push(JSON.parse(line));
    done();
  }
}

const pinoLines = new JsonLines();

@Module({ imports: [LoggerModule.forRoot({ pinoHttp: [{ level: 'debug' }, pinoLines] })] })
class PinoLoggingModule {}

/** A failing delivery's log lines carry its IDs as fields, whichever logger the host uses. */
describe('Delivery log lines', () => {
  const queuePrefix = uniqueQueuePrefix();
  let drop: () => Promise<void>;
  let receiver: LoopbackReceiver;
  let host: TestHost;

  beforeAll(async () => {
    const instance = await database.create();
    drop = instance.drop;
    receiver = await startLoopbackReceiver();
    receiver.answerWith({ status: 503, body: 'busy' });
    host = await startTestHost(instance, {
      queuePrefix,
      hostModules: [PinoLoggingModule],
      networkPolicy: { allowPrivateNetworks: true },
      delivery: { attempts: 2, backoffMs: 40, timeoutMs: 2000 },
    });
    await host.app.get(DeliveryConfigsService).create({
      ID: 'failing',
      Name: 'Failing',
      DeliveryTargets: { Http: { Endpoint: `${receiver.origin}/in`, Secret: 's' } },
    });
    await host.app
      .get(TrackingEventsService)
      .create({ ID: 'logins', EventType: 'UserLoggedIn', ClientID: 'storefront', Name: 'Logins', DeliveryConfigID: 'failing' });
  });

  afterAll(async () => {
    host?.app.useLogger(new ConsoleLogger());
    await host?.close();
    await receiver?.close();
    await drop?.();
    await deleteQueueKeys(queuePrefix);
  });

  /** Logs with `logger` while one event fails twice; resolves to the event's delivery ID. */
  async function failOneDelivery(logger: LoggerService): Promise<{ eventId: string; deliveryId: string }> {
    host.app.useLogger(logger);
    const before = receiver.received.length;
    const eventId = await host.app
      .get(TrackingEventPublisher)
      .publish('UserLoggedIn', { UserID: 'buyer01' }, { context: { ClientID: 'storefront', UserID: 'buyer01' } });
    await waitFor('both attempts', () => receiver.received.length === before + 2);
    return { eventId: eventId!, deliveryId: `${eventId}-logins-Http` };
  }

  it('nestjs-pino: the IDs are fields of the record, the text its msg', async () => {
    const { eventId, deliveryId } = await failOneDelivery(host.app.get(PinoNestLogger));
    const fields = { eventId, deliveryId, targetType: 'Http', deliveryConfigId: 'failing', context: 'TrackingEvents' };
    await waitFor('the two lines', () => pinoLines.records.filter((record) => record.deliveryId === deliveryId).length === 2);

    expect(pinoLines.records.filter((record) => record.deliveryId === deliveryId)).toEqual([
      expect.objectContaining({ ...fields, level: 40, attempt: 1, httpStatus: 503, msg: expect.stringContaining('failed, will retry') }),
      expect.objectContaining({ ...fields, level: 50, attempt: 2, httpStatus: 503, msg: expect.stringContaining('failed for good') }),
    ]);
  });

  it("Nest's JSON console logger: the IDs are the line's params", async () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(chunk.toString());
      return true;
    });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(chunk.toString());
      return true;
    });
    let outcome: { eventId: string; deliveryId: string };
    try {
      outcome = await failOneDelivery(new ConsoleLogger({ json: true }));
      await waitFor('the two lines', () => written.filter((line) => line.includes(outcome.deliveryId)).length === 2);
    } finally {
      write.mockRestore();
      stderr.mockRestore();
    }
    const lines = written.filter((line) => line.includes(outcome!.deliveryId)).map((line) => JSON.parse(line));
    const params = { eventId: outcome!.eventId, deliveryId: outcome!.deliveryId, targetType: 'Http', deliveryConfigId: 'failing' };

    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', context: 'TrackingEvents', params: { ...params, attempt: 1, httpStatus: 503 } }),
      expect.objectContaining({ level: 'error', context: 'TrackingEvents', params: { ...params, attempt: 2, httpStatus: 503 } }),
    ]);
    expect(lines[0].message).toContain('failed, will retry');
  });
});
