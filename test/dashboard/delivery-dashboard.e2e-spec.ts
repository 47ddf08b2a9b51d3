// Functions given to page.evaluate() run in the browser.
/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Cart } from 'ordercloud-javascript-sdk';
import { accessibilityViolations, launchChromium, openPage } from '../support/browser';
import { TEST_HTTP_ADAPTER } from '../support/http-adapter';
import { ADMIN, type RunningSampleApp, startSampleApp } from '../support/sample-app-harness';
import { StandIns, startStandIns } from '../support/stand-ins';
import { DeliveryLogService } from '../../src';
import { configureDeliveryTo, runShopperJourney } from '../support/target-journey';
import { SQLITE } from '../support/test-databases';
import { pause, waitFor } from '../support/wait-for';

const DASHBOARD = '/admin/tracking';
const CONFIG = 'storefront-tracking';
const TIME_ZONE = 'Pacific/Auckland';
// The README's pictures are rewritten only when asked (DOCS_SCREENSHOTS=1): they change with every run's times.
const SCREENSHOTS = process.env.DOCS_SCREENSHOTS === '1' ? join(__dirname, '..', '..', 'docs', 'images') : null;
const hasBullBoard = TEST_HTTP_ADAPTER === 'express';

/**
 * The delivery dashboard in Debian's Chromium, on the sample app with real Redis and loopback receivers
 * standing in for Send, Discover and an Http endpoint: what it shows is checked against what they got.
 * The tests run in order, on one signed-in page.
 */
describe(`The delivery dashboard in a browser (${TEST_HTTP_ADAPTER})`, () => {
  let standIns: StandIns;
  let running: RunningSampleApp;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let journeyOrderId: string;

  const tile = (targetType: string) => page.getByRole('article', { name: `${CONFIG} · ${targetType}` });
  const statOf = async (targetType: string, stat: string) =>
    (await tile(targetType).locator(`[data-stat="${stat}"]`).textContent())?.trim();
  const until = (what: string, check: () => Promise<boolean | undefined>) => waitFor(what, check, 30_000, 250);
  const open = async (view: 'Overview' | 'Deliveries' | 'Dead letters' | 'Circuits') => {
    const link = page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: view });
    const changesView = (await link.getAttribute('aria-current')) !== 'page';
    await link.click();
    await page.getByRole('heading', { name: view, exact: true }).waitFor();
    // The dashboard moves the focus to a new view's heading after it renders: wait for that, or it takes a test's own focus.
    if (changesView) {
      await until(`the focus on the ${view} heading`, () => page.evaluate(() => document.activeElement?.id === 'view-heading'));
    }
  };
  const searchDeliveriesOf = async (orderId: string) => {
    await open('Deliveries');
    await page.getByLabel('Order ID').fill(orderId);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    return page.getByRole('table', { name: /Deliveries matching/ });
  };
  const signIn = async (target: Page) => {
    await target.getByLabel('Username').fill(ADMIN.username);
    await target.getByLabel('Password').fill(ADMIN.password);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.getByRole('heading', { name: 'Overview', exact: true }).waitFor();
  };
  /**
   * How many rows the tables shown have, and what keeps them from reading as they should at a phone's width: every
   * cell below the one before it, labelled with its column's header, its table's roles stated (a stacked table is no
   * longer a table to some screen readers otherwise), and no frame that scrolls sideways.
   */
  const stackedTables = () =>
    page.evaluate(() => {
      const problems: string[] = [];
      let rows = 0;
      for (const frame of document.querySelectorAll('.table-wrap')) {
        if (frame.scrollWidth > frame.clientWidth) problems.push(`${frame.getAttribute('aria-label')} scrolls sideways`);
      }
      for (const table of document.querySelectorAll<HTMLTableElement>('.table-wrap table')) {
        const name = table.caption?.textContent;
        if (table.getAttribute('role') !== 'table') problems.push(`${name}: no table role`);
        // A column whose header is hidden (a row's buttons) has no label.
        const headers = [...table.tHead!.rows[0].cells].map((header) =>
          header.querySelector('.visually-hidden') ? null : header.textContent!.trim(),
        );
        // An opened row's details are one cell, across the columns.
        for (const row of [...table.tBodies[0].rows].filter((row) => !row.classList.contains('detail'))) {
          rows++;
          if (row.getAttribute('role') !== 'row') problems.push(`${name}: a row without the row role`);
          let above = Number.NEGATIVE_INFINITY;
          [...row.cells].forEach((cell, column) => {
            const box = cell.getBoundingClientRect();
            if (box.top < above - 0.5) problems.push(`${name}: ${headers[column]} is beside the cell before it`);
            above = box.bottom;
            const role = cell.tagName === 'TH' ? 'rowheader' : 'cell';
            if (cell.getAttribute('role') !== role) problems.push(`${name}: ${headers[column]} is not a ${role}`);
            // A row header is the row's title.
            if (cell.tagName === 'TH') return;
            const content = getComputedStyle(cell, '::before').content;
            const label = content === 'none' ? null : JSON.parse(content);
            if (label !== headers[column]) problems.push(`${name}: column ${column} is labelled ${label}, headed ${headers[column]}`);
          });
        }
      }
      return { rows, problems };
    });
  const screenshot = async (name: string) => {
    if (!SCREENSHOTS || TEST_HTTP_ADAPTER !== 'express') return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  };

  beforeAll(async () => {
    standIns = await startStandIns();
    // A circuit opens after three failures in a row and stays open until it is closed by hand.
    running = await startSampleApp(SQLITE, { circuitBreaker: { failureThreshold: 3, cooldownMs: 600_000, maxCooldownMs: 600_000 } });
    await configureDeliveryTo(running, CONFIG, standIns.deliveryTargets() as Record<string, object>);
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser, { viewport: { width: 1280, height: 800 }, timezoneId: TIME_ZONE }));
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await standIns?.close();
  });

  it('serves the page under a strict Content-Security-Policy, and refuses a wrong password', async () => {
    const response = await fetch(`${running.baseUrl}${DASHBOARD}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const script = /src="([^"]+\/dashboard\.js)"/.exec(await response.text())![1];
    const asset = await fetch(`${running.baseUrl}${script}`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');

    // In a page of its own: the browser logs the refused token request as an error.
    const { page: other } = await openPage(browser);
    await other.goto(`${running.baseUrl}${DASHBOARD}`);
    await other.getByLabel('Username').fill(ADMIN.username);
    await other.getByLabel('Password').fill('not the password');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
    expect(await other.getByRole('navigation', { name: 'Dashboard' }).count()).toBe(0);
    await other.context().close();
  });

  it("signs the admin in with the sample's login form", async () => {
    await page.goto(`${running.baseUrl}${DASHBOARD}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await signIn(page);
    await page.getByText(`Times in ${TIME_ZONE}`).waitFor();
  });

  it('signs out when its token expires, without waiting for the API to refuse it', async () => {
    const { page: other, problems: otherProblems } = await openPage(browser);
    // The page's clock, which the test moves on: the sample's tokens live for hours.
    await other.clock.install();
    const refused: string[] = [];
    other.on('response', (response) => {
      if (response.status() === 401) refused.push(response.url());
    });
    await other.goto(`${running.baseUrl}${DASHBOARD}`);
    const tokenAnswer = other.waitForResponse((response) => new URL(response.url()).pathname === '/oauth/token');
    await signIn(other);
    const { expires_in } = await (await tokenAnswer).json();
    expect(expires_in).toBe(running.config.accessTokenSeconds);
    // Kept for the tab's life, with its expiry.
    await other.reload();
    await other.getByRole('heading', { name: 'Overview', exact: true }).waitFor();

    await other.clock.fastForward(expires_in * 1000);
    await other.getByRole('alert').filter({ hasText: 'Your session expired. Sign in again.' }).waitFor();
    expect(await other.getByRole('heading', { name: 'Sign in', exact: true }).count()).toBe(1);
    expect(await other.evaluate(() => sessionStorage.length)).toBe(0);
    expect(refused).toEqual([]);
    expect(otherProblems).toEqual([]);
    await other.context().close();
  });

  it('does not use a stored token that expired while the tab was on another page', async () => {
    const { page: other, problems: otherProblems } = await openPage(browser);
    await other.goto(`${running.baseUrl}${DASHBOARD}`);
    await signIn(other);
    await other.goto('about:blank');
    await other.clock.install({ time: Date.now() + (running.config.accessTokenSeconds + 60) * 1000 });
    const apiCalls: string[] = [];
    other.on('request', (request) => {
      if (request.url().includes('/integrations/')) apiCalls.push(request.url());
    });

    await other.goto(`${running.baseUrl}${DASHBOARD}`);
    await other.getByRole('alert').filter({ hasText: 'Your session expired. Sign in again.' }).waitFor();
    await other.waitForLoadState('networkidle');
    expect(apiCalls).toEqual([]);
    expect(await other.evaluate(() => sessionStorage.length)).toBe(0);
    expect(otherProblems).toEqual([]);
    await other.context().close();
  });

  it("shows on each target's tile what its receiver got from a shopper's journey", async () => {
    journeyOrderId = (await runShopperJourney()).orderId;
    // Login, add, raise the quantity, submit.
    const got = await standIns.received({ http: 4, send: 4, discover: 4 });
    const counts = { Http: got.http.length, SendEvent: got.send.length, DiscoverEvent: got.discover.length };
    for (const [targetType, delivered] of Object.entries(counts)) {
      await until(
        `the ${targetType} tile to show ${delivered} delivered`,
        async () => (await statOf(targetType, 'Delivered')) === String(delivered),
      );
      expect(await statOf(targetType, 'FailedAttempts')).toBe('0');
      expect(await statOf(targetType, 'DeadLettered')).toBe('0');
      expect((await tile(targetType).locator('[data-health]').textContent())?.trim()).toBe('Healthy');
      expect(await tile(targetType).getByText('Circuit closed').count()).toBe(1);
    }
    await page.getByRole('heading', { name: 'Pipeline' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot('dashboard-overview.png');
  });

  it("finds the journey's order delivered to every target, each delivery with its attempts", async () => {
    const results = await searchDeliveriesOf(journeyOrderId);
    // The add, the raise and the submit carry the order, each to Http, Send, Discover and the audit log.
    const rows = results.getByRole('button', { name: 'Show attempts' });
    await until("the order's twelve deliveries", async () => (await rows.count()) === 12);
    const text = (await results.textContent()) ?? '';
    for (const targetType of ['Http', 'SendEvent', 'DiscoverEvent', 'AuditLog']) expect(text).toContain(`${CONFIG} · ${targetType}`);
    expect(text.match(/Delivered/g)?.length).toBeGreaterThanOrEqual(12);

    await rows.first().click();
    expect(await rows.first().getAttribute('aria-expanded')).toBe('true');
    const jobLinks = results.getByRole('link', { name: 'Open job in Bull Board' });
    if (hasBullBoard) expect(await jobLinks.first().getAttribute('href')).toMatch(/^\/admin\/queues\/queue\/[^/]+\/[^/]+$/);
    else expect(await jobLinks.count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot('dashboard-search.png');
  });

  it('lists a delivery the receiver refused as a dead letter, and a click replays it once the receiver is fixed', async () => {
    standIns.http.answerWith({ status: 400, body: '{"error":"no such field"}' });
    await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 1 });
    const cart = await Cart.Get();
    await standIns.received({ http: 1, send: 1, discover: 1 });

    await open('Dead letters');
    const letters = page.getByRole('table', { name: /Dead letters/ });
    await until('the dead letter', async () => (await letters.getByRole('button', { name: 'Replay', exact: true }).count()) === 1);
    await letters.getByRole('button', { name: 'Inspect' }).click();
    const message = (await letters.locator('pre').first().textContent()) ?? '';
    expect(message).toContain(cart.ID!);
    expect(await accessibilityViolations(page)).toEqual([]);

    standIns.http.answerWith({ status: 200, body: '{}' });
    await letters.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText('Replayed 1 dead letter.').waitFor();
    const [replayed] = (await standIns.received({ http: 1, send: 0, discover: 0 })).http;
    expect(replayed.body.toString()).toContain(cart.ID!);
    // Delivered at last, the letter is done with.
    await page.getByText('No dead letters: every delivery either arrived or is still being retried.').waitFor();

    const results = await searchDeliveriesOf(cart.ID!);
    const httpRow = results.getByRole('row').filter({ hasText: `${CONFIG} · Http` });
    await until('the replayed delivery to show as delivered', async () => /Delivered/.test((await httpRow.first().textContent()) ?? ''));
  });

  it('deletes a dead letter after asking in the page', async () => {
    standIns.http.answerWith({ status: 400, body: '{}' });
    await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 1 });
    await standIns.received({ http: 1, send: 1, discover: 1 });
    standIns.http.answerWith({ status: 200, body: '{}' });

    await open('Dead letters');
    const letters = page.getByRole('table', { name: /Dead letters/ });
    const waiting = letters
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: 'Delete', exact: true }) })
      .filter({ hasNotText: 'Replayed' });
    await until('the new dead letter', async () => (await waiting.count()) === 1);
    await waiting.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await until('the dead letter to be gone', async () => (await waiting.count()) === 0);
  });

  it('replays every dead letter a filter matches, after asking how many', async () => {
    standIns.http.answerWith({ status: 400, body: '{}' });
    await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 1 });
    await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });
    await standIns.received({ http: 2, send: 2, discover: 2 });
    standIns.http.answerWith({ status: 200, body: '{}' });

    await open('Dead letters');
    await page.getByLabel('Target').selectOption('Http');
    await page.getByRole('button', { name: 'Apply' }).click();
    const letters = page.getByRole('table', { name: /Dead letters/ });
    await until('the two dead letters', async () => (await letters.getByRole('button', { name: 'Replay', exact: true }).count()) === 2);
    await page.getByRole('button', { name: 'Replay all matching' }).click();
    await page.getByText('Replay 2 dead letters matching these filters?').waitFor();
    await page.getByRole('button', { name: 'Confirm replay' }).click();
    await page.getByText('Replayed 2 dead letters.').waitFor();
    await standIns.received({ http: 2, send: 0, discover: 0 });
    await page.getByText('No dead letters: every delivery either arrived or is still being retried.').waitFor();
  });

  it('shows a circuit opened by a failing receiver, and closes it with a click', async () => {
    standIns.http.answerWith({ status: 503, body: 'down' });
    await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 1 });
    await open('Circuits');
    const close = page.getByRole('button', { name: `Close circuit for ${CONFIG} · Http` });
    await until('the open circuit', async () => (await close.count()) === 1);
    expect(await accessibilityViolations(page)).toEqual([]);

    await open('Overview');
    await until(
      'the Http tile to show its circuit open',
      async () =>
        (await tile('Http')
          .getByText(/Circuit open/)
          .count()) === 1,
    );
    expect((await tile('Http').locator('[data-health]').textContent())?.trim()).toBe('Failing');

    standIns.http.answerWith({ status: 200, body: '{}' });
    await open('Circuits');
    await close.click();
    await page.getByText('All circuits are closed: every target is receiving deliveries.').waitFor();
  });

  it('is used with the keyboard alone', async () => {
    await open('Overview');
    await page.getByRole('link', { name: 'Overview' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Deliveries');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Deliveries', exact: true }).waitFor();
    await until('the focus on the Deliveries heading', () => page.evaluate(() => document.activeElement?.id === 'view-heading'));
    await page.getByLabel('Order ID').focus();
    await page.keyboard.type(journeyOrderId);
    await page.keyboard.press('Enter');
    await until('the search to answer', async () => (await page.getByRole('button', { name: 'Show attempts' }).count()) === 12);
  });

  it('stops polling while its tab is hidden, and catches up when it is shown again', async () => {
    await open('Overview');
    let statsRequests = 0;
    page.on('request', (request) => {
      if (request.url().includes('/integrations/deliverystats')) statsRequests++;
    });
    const setVisibility = (hidden: boolean) =>
      page.evaluate((isHidden) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (isHidden ? 'hidden' : 'visible') });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => isHidden });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);

    await until('a refresh', async () => statsRequests > 0);
    await setVisibility(true);
    await pause(500);
    const whileHidden = statsRequests;
    // Longer than the sample's refresh period of 5 seconds.
    await pause(6_500);
    expect(statsRequests).toBe(whileHidden);
    await setVisibility(false);
    // Well within the refresh period, which a refresh that only waited for its turn would take.
    await waitFor('a refresh as soon as it is shown', () => statsRequests > whileHidden, 3_000);
  });

  it('loads the next page of a search that matches more than a page of attempts', async () => {
    // A fresh order, so that every one of its attempts is a first one that arrived.
    await Cart.Submit();
    const lines = 30;
    for (let line = 0; line < lines; line++) await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });
    const orderId = (await Cart.Get()).ID!;
    // Each line added goes to Http, Send, Discover and the audit log: 120 attempts, over the page's 100.
    const deliveries = lines * 4;
    const log = running.app.get(DeliveryLogService);
    await until(`the log to hold the order's ${deliveries} deliveries`, async () => {
      const { Meta } = await log.list({ OrderID: orderId, Outcome: 'Delivered', pageSize: '1' });
      return Meta.TotalCount === deliveries;
    });

    const results = await searchDeliveriesOf(orderId);
    const rows = results.getByRole('button', { name: 'Show attempts' });
    await until('the first page', async () => (await rows.count()) === 100);
    expect(await results.locator('caption').first().textContent()).toContain('(100 loaded)');
    await page.getByRole('button', { name: 'Load more' }).click();
    await until('the second page', async () => (await rows.count()) === deliveries);
    expect(await results.locator('caption').first().textContent()).toContain(`(${deliveries})`);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('reads well at a phone width, its tables stacked with each cell labelled', async () => {
    // A dead letter, so that its table is read at this width too; the last test's deliveries are no part of it.
    await standIns.received(standIns.unaccounted());
    standIns.http.answerWith({ status: 400, body: '{}' });
    await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 1 });
    await standIns.received({ http: 1, send: 1, discover: 1 });
    standIns.http.answerWith({ status: 200, body: '{}' });

    await page.setViewportSize({ width: 390, height: 844 });
    const tables = {
      Overview: 'Queue depth per target type',
      Deliveries: /Deliveries matching/,
      'Dead letters': /Dead letters/,
      Circuits: null,
    };
    for (const [view, table] of Object.entries(tables) as Array<[keyof typeof tables, string | RegExp | null]>) {
      await open(view);
      if (table) await page.getByRole('table', { name: table }).waitFor();
      if (view === 'Dead letters') {
        await page.getByRole('button', { name: 'Inspect' }).click();
        await page.getByRole('table', { name: /Attempts of the/ }).waitFor();
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ view, overflow }).toEqual({ view, overflow: 0 });
      const { rows, problems } = await stackedTables();
      expect({ view, stacked: rows > 0, problems }).toEqual({ view, stacked: table !== null, problems: [] });
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('logged no error or warning in the browser console', () => {
    expect(problems).toEqual([]);
  });
});
