import { DeliveryConfigurations, TrackingEvents } from 'ordercloud-javascript-sdk';
import { TrackingEventsService } from '../../src';
import { loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

const TARGETS = { Http: { Endpoint: 'https://hooks.example.com/tracking', Secret: 'hook-secret' } };

/** Writes racing each other get the same answers as writes made one after the other: never a 500. */
describe.each(TEST_DATABASES)('Concurrent admin writes ($name)', (database) => {
  let running: RunningSampleApp;

  beforeAll(async () => {
    running = await startSampleApp(database);
    useSdkAgainst(running);
    await loginAsAdmin();
    await DeliveryConfigurations.Create({ ID: 'dc-race', Name: 'Race', DeliveryTargets: TARGETS });
  });

  afterAll(async () => {
    await running?.close();
  });

  const statusOf = (call: Promise<unknown>) =>
    call.then(
      () => 'ok',
      (error: { status?: number; errorCode?: string }) => `${error.status} ${error.errorCode}`,
    );

  it('lets exactly one of many simultaneous creates of the same client and event type win', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        statusOf(
          TrackingEvents.Create({
            ID: `race-${n}`,
            EventType: 'LineItemAdded',
            ClientID: 'storefront',
            Name: 'x',
            DeliveryConfigID: 'dc-race',
          }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'ok')).toEqual(
      Array(11).fill('409 TrackingEvent.CannotCreateMultipleEventsOfSameType'),
    );
    expect((await TrackingEvents.List({ filters: { EventType: 'LineItemAdded' } })).Meta.TotalCount).toBe(1);
  });

  it('finishes more simultaneous creates than the connection pool holds (the host is asked outside the transaction)', async () => {
    // Started in one tick, as a burst of requests after a pause of the event loop would be. Asked inside the
    // transaction, the sample's apiClientExists (a query of its own) left every pooled connection waiting for one more.
    const service = running.app.get(TrackingEventsService);
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, (_, n) =>
        statusOf(
          service.create({ ID: `burst-${n}`, EventType: 'UserLoggedIn', ClientID: 'storefront', Name: 'x', DeliveryConfigID: 'dc-race' }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
  });

  it('answers IdExists to all but one of many simultaneous creates of the same ID', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => statusOf(DeliveryConfigurations.Create({ ID: 'same-id', Name: 'x', DeliveryTargets: TARGETS }))),
    );
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'ok')).toEqual(Array(11).fill('409 IdExists'));
  });

  it('completes every one of many simultaneous PUTs of a new ID, the last one winning', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        statusOf(DeliveryConfigurations.Save('put-race', { Name: `Writer ${n}`, DeliveryTargets: TARGETS })),
      ),
    );
    expect(outcomes).toEqual(Array(12).fill('ok'));
    expect((await DeliveryConfigurations.Get('put-race')).Name).toMatch(/^Writer \d+$/);
  });
});
