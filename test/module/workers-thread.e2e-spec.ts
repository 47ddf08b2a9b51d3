import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { runWorkersInThread, WorkersThreadError, type WorkersThreadOptions } from '../../src';
import { RequestActivity } from '../../src/capture';
import { WORKERS_THREAD_RESTART_MS, WorkersThread } from '../../src/delivery';
import { resolveTrackingEventsSettings } from '../../src/options/tracking-events-settings';
import { waitFor } from '../support/wait-for';

const FIXTURE = join(__dirname, '..', 'support', 'workers-thread.fixture.ts');
/** What a host must give; nothing here calls it. */
const HOST_CALLBACKS = {
  resolveCaller: () => null,
  apiClientExists: () => true,
  resolveContext: () => null,
  commerceData: { getOrder: async () => null, listLineItems: async () => [], getUser: async () => null },
};

/** WorkersThread's handling of the thread's life: start, failure to start, a stop, and shutdown. */
describe('Workers in a thread of the API process', () => {
  let directory: string;
  let journal: string;
  let host: WorkersThread | undefined;
  const journalLines = () => readFileSync(journal, 'utf8').split('\n').filter(Boolean);
  const hostWith = (settings: object = {}, appRunsWorkers = false) =>
    (host = new WorkersThread(
      resolveTrackingEventsSettings({ ...HOST_CALLBACKS, reliability: { shutdownGraceMs: 100 }, ...settings }),
      new RequestActivity(),
      appRunsWorkers,
    ));
  const start = (thread: WorkersThread, behaviour: string, options: WorkersThreadOptions = {}) =>
    thread.start(FIXTURE, { argv: [behaviour, journal], execArgv: ['-r', '@swc-node/register'], ...options });

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'workers-thread-'));
    journal = join(directory, 'journal');
  });

  afterEach(async () => {
    await host?.onApplicationShutdown();
    host = undefined;
    jest.restoreAllMocks();
    rmSync(directory, { recursive: true, force: true });
  });

  it('resolves once the thread runs its workers, and closes the thread’s app when the API app shuts down', async () => {
    const thread = hostWith();
    await start(thread, 'runs');
    expect(journalLines()).toEqual(['started']);
    await thread.onApplicationShutdown();
    expect(journalLines()).toEqual(['started', 'closed']);
  });

  it('rejects with the thread’s own reason when its app fails to boot, and may be started again', async () => {
    const thread = hostWith();
    const failure = start(thread, 'fails-to-boot');
    await expect(failure).rejects.toThrow(WorkersThreadError);
    await expect(failure).rejects.toThrow(/stopped before its workers ran: the database refused the connection/);
    // It may be tried again.
    await start(thread, 'runs');
    expect(journalLines()).toEqual(['started', 'started']);
  });

  it('refuses a thread whose app runs no workers, and an API app that runs its own', async () => {
    await expect(start(hostWith(), 'no-workers')).rejects.toThrow(/`workers: false`: nothing in it would deliver/);
    await expect(start(hostWith({}, true), 'runs')).rejects.toThrow(/set `workers: false` in the API thread/);
  });

  it('starts no thread while tracking is off', async () => {
    await start(hostWith({ enabled: false }), 'runs');
    expect(() => journalLines()).toThrow(/ENOENT/);
  });

  (process.platform === 'linux' ? it : it.skip)(
    'runs the thread 10 nice values below the API thread by default, or as many as asked, leaving the API thread as it was',
    async () => {
      const apiThread = getPriority();
      await start(hostWith(), 'reports-priority');
      await host!.onApplicationShutdown();
      await start(hostWith(), 'reports-priority', { niceness: 3 });
      expect(journalLines().filter((line) => line.startsWith('nice'))).toEqual([
        `nice ${Math.min(19, apiThread + 10)}`,
        `nice ${Math.min(19, apiThread + 3)}`,
      ]);
      expect(getPriority()).toBe(apiThread);
    },
  );

  it('refuses a niceness outside 0 to 19', async () => {
    await expect(start(hostWith(), 'runs', { niceness: 20 })).rejects.toThrow(/niceness must be a whole number from 0 to 19, got 20/);
    await expect(start(hostWith(), 'runs', { niceness: 1.5 })).rejects.toThrow(/got 1.5/);
  });

  it('is started once per API app', async () => {
    const thread = hostWith();
    await start(thread, 'runs');
    await expect(start(thread, 'runs')).rejects.toThrow(/started already/);
  });

  it('starts the thread again, with a logged reason, when it stops on its own', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await start(hostWith(), 'stops-after-start');
    await waitFor('the thread started again', () => journalLines().length >= 2, WORKERS_THREAD_RESTART_MS + 10_000);
    expect(errors.mock.calls[0][0]).toMatch(/The workers thread stopped \(exit code 3\): it starts again in 5 s/);
  }, 30_000);

  it('stops a thread whose app does not close within the grace period', async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const thread = hostWith();
    await start(thread, 'slow-to-close');
    await thread.onApplicationShutdown();
    expect(journalLines()).toEqual(['started']);
    expect(warnings.mock.calls[0][0]).toMatch(/did not close in time and was stopped/);
  }, 30_000);

  it('tells a host that calls runWorkersInThread outside such a thread what it is for', async () => {
    await expect(runWorkersInThread(async () => ({}) as never)).rejects.toThrow(/runs in the thread that startWorkersInThread starts/);
  });
});
