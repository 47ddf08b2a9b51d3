import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { tally } from '../support/delivery-tally';
import { FAST_RECOVERY } from '../support/fault-settings';
import { addLines, configureTracking, deliveredAll } from '../support/fault-shoppers';
import { prepareSampleConfig } from '../support/sample-app-harness';
import { sampleEnvironment, SampleProcess, startSampleProcess } from '../support/sample-process';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const LINES = 80;

/** `npm start`'s deployment: the sample app's workers in a thread of its API process (RUN_WORKERS=thread). */
describe.each(TEST_DATABASES)('The sample app with its workers in a thread ($name)', (database) => {
  let sink: LoopbackReceiver;

  beforeEach(async () => {
    sink = await startLoopbackReceiver();
  });

  afterEach(async () => {
    await sink?.close();
  });

  it('delivers what its API captures; stopped by SIGTERM mid-stream and started again, it loses nothing', async () => {
    const { config, cleanUp } = await prepareSampleConfig(database, {
      runWorkers: 'thread',
      ...FAST_RECOVERY,
      // Attempts outlast the receiver's slow answers below.
      delivery: { ...FAST_RECOVERY.delivery, timeoutMs: 10_000 },
    });
    const environment = sampleEnvironment(config);
    let api: SampleProcess | undefined;
    try {
      api = await startSampleProcess(environment, 'http');
      expect(api.output()).toContain('workers in a thread of this process');
      // Answers slower than the shutdown grace period: deliveries are still in flight when the process is told to stop.
      sink.answerWith({ status: 200, body: '{}', delayMs: 1_500 });
      const buyer = await configureTracking(api.baseUrl!, sink);
      const first = await addLines(LINES / 2, buyer);
      await waitFor('the thread delivering', () => sink.received.length > 0, 30_000);
      expect(sink.received.length).toBeLessThan(first.length);
      await api.kill('SIGTERM');
      expect(api.output()).not.toMatch(/ERROR|did not close in time/);

      api = await startSampleProcess(environment, 'http');
      // On a port of its own: the SDK is pointed at it again.
      const ids = [...first, ...(await addLines(LINES / 2, await configureTracking(api.baseUrl!, sink)))];
      await waitFor('every line delivered', deliveredAll(sink, ids), 60_000);
      expect(tally(ids, sink)).toMatchObject({ sent: LINES, lost: 0, mismatched: 0 });
    } finally {
      await api?.kill('SIGTERM');
      await cleanUp();
    }
  }, 120_000);
});
