import { Queue } from 'bullmq';
import { targetQueueName } from '../../src';
import { bodyOf } from '../support/http';
import { TEST_HTTP_ADAPTER } from '../support/http-adapter';
import { ADMIN, RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const ADMIN_HEADERS = { authorization: basic(ADMIN.username, ADMIN.password), 'content-type': 'application/json' };
const HTTP_QUEUE = targetQueueName('Http');
/** What a forged webhook would look like to Bull Board's "add job". */
const FORGED_JOB = JSON.stringify({ name: 'forged', data: { DeliveryConfigID: 'webhook' }, options: {} });

// The sample mounts Bull Board with its Express adapter, so it serves the dashboard on Express only.
const describeOnExpress = TEST_HTTP_ADAPTER === 'express' ? describe : describe.skip;

describeOnExpress.each(TEST_DATABASES)('The queue dashboard of the sample app ($name)', (database) => {
  /** Jobs of the Http target's queue, in every state. */
  const jobsIn = async (running: RunningSampleApp) => {
    const queue = new Queue(HTTP_QUEUE, { connection: { url: running.config.redisUrl }, prefix: running.config.queuePrefix });
    try {
      return Object.values(await queue.getJobCounts()).reduce((sum, count) => sum + count, 0);
    } finally {
      await queue.close();
    }
  };

  describe('by default', () => {
    let running: RunningSampleApp;

    beforeAll(async () => {
      // No workers: a job the board added stays where the test can count it.
      running = await startSampleApp(database, { runWorkers: false });
    });

    afterAll(async () => {
      await running?.close();
    });

    it("is read-only: Bull Board's API refuses to add, retry or clean jobs, and nothing is queued", async () => {
      const board = `${running.baseUrl}/admin/queues/api/queues/${HTTP_QUEUE}`;
      const add = await fetch(`${board}/add`, { method: 'POST', headers: ADMIN_HEADERS, body: FORGED_JOB });
      expect(add.status).toBe(405);
      expect(await bodyOf(add)).toMatchObject({ error: { key: 'ERRORS.QUEUE_READ_ONLY' } });
      expect((await fetch(`${board}/retry/failed`, { method: 'PUT', headers: ADMIN_HEADERS })).status).toBe(405);
      expect((await fetch(`${board}/clean/completed`, { method: 'PUT', headers: ADMIN_HEADERS })).status).toBe(405);
      expect(await jobsIn(running)).toBe(0);

      const queues = await bodyOf(await fetch(`${running.baseUrl}/admin/queues/api/queues`, { headers: ADMIN_HEADERS }));
      expect(queues.queues.every((queue: { readOnlyMode: boolean }) => queue.readOnlyMode)).toBe(true);
    });

    it('lets Bull Board add jobs only in an app started with QUEUE_BOARD_ACTIONS=true', async () => {
      const addForged = (app: RunningSampleApp) =>
        fetch(`${app.baseUrl}/admin/queues/api/queues/${HTTP_QUEUE}/add`, { method: 'POST', headers: ADMIN_HEADERS, body: FORGED_JOB });
      const withActions = await startSampleApp(database, { runWorkers: false, queueBoardActions: true });
      try {
        expect((await addForged(withActions)).status).toBe(200);
        expect(await jobsIn(withActions)).toBe(1);
        expect((await addForged(running)).status).toBe(405);
      } finally {
        await withActions.close();
      }
    });

    // Last: it leaves the test's address locked out of this app.
    it('answers 429 once a client IP has failed 10 times in a row, without checking even the right password', async () => {
      const tryWrong = async () =>
        (await fetch(`${running.baseUrl}/admin/queues`, { headers: { authorization: basic(ADMIN.username, 'typo') } })).status;
      for (let attempt = 1; attempt <= 9; attempt++) expect(await tryWrong()).toBe(401);
      // A success forgives the typos before it.
      expect((await fetch(`${running.baseUrl}/admin/queues`, { headers: ADMIN_HEADERS })).status).toBe(200);
      for (let attempt = 1; attempt <= 10; attempt++) expect(await tryWrong()).toBe(401);

      const refused = await fetch(`${running.baseUrl}/admin/queues`, { headers: { authorization: basic(ADMIN.username, 'typo') } });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.text()).toMatch(/^Too many failed logins from this address: try again in \d+ seconds\.$/);
      expect((await fetch(`${running.baseUrl}/admin/queues`, { headers: ADMIN_HEADERS })).status).toBe(429);
    });
  });
});
