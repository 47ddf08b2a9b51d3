import { rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { residentMemoryMiB, startBenchScript } from '../lib/processes';
import { progress, ScenarioResult } from '../lib/report';
import { deliveryShop, REDIS_URL, ShopSetup, startShop } from '../lib/shop';
import type { Sink } from '../lib/sink-client';
import { median, round } from '../lib/stats';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 20);
const RATE = Number(process.env.SOAK_RATE ?? 200);
const READING_INTERVAL_MS = Math.min(15_000, MINUTES * 1_000);
/** Retries come quickly, so that the run sees many, and every delivery is done soon after the load. */
const RETRY_SCHEDULE_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
/** Windows short enough to fill within the run: from then on, what expires is deleted as fast as it comes. */
const RETENTION_MINUTES = 5;
/**
 * Readings before this are the warm-up, while the windows fill: the event claims (10 minutes), the delivery log
 * and finished jobs (5), the retries (a minute and a half); and the worker's heap settles.
 */
const WARM_UP_MS = Math.min(12 * 60_000, MINUTES * 60_000 * 0.6);
/** The spans compared: right after the warm-up, and at the end of the load. */
const SPAN_MS = Math.min(2 * 60_000, (MINUTES * 60_000) / 6);
const GROWTH_LIMIT = 0.1;

interface Reading {
  atMs: number;
  workerMiB: number;
  redisMiB: number;
  databaseMiB: number;
}

/**
 * Soak (`npm run bench -- soak`, not in the default run): a steady RATE events a second for MINUTES,
 * captured by the sample app's publisher and delivered by one worker process to one Http target on the
 * sink's flaky path (one answer in ten is 503, so one delivery in ten is retried). Every 15 s: the worker's
 * RSS, Redis's `used_memory` and the database's size. With the delivery log and the finished jobs kept
 * five minutes, all three must stay flat after the warm-up (12 minutes): the median of the readings of the
 * load's last two minutes against that of the two minutes after the warm-up. Every event must be delivered.
 */
export async function soak(sink: Sink): Promise<ScenarioResult> {
  const settings = {
    delivery: { targets: { Http: { retryScheduleMs: RETRY_SCHEDULE_MS } } },
    deliveryLog: { retentionDays: RETENTION_MINUTES / 1440 },
    jobRetention: { completedMs: RETENTION_MINUTES * 60_000 },
  };
  const flakyHttp = { Http: { Endpoint: `${sink.origin}/flaky/http`, Secret: 'bench-secret' } };
  const { setup, orders } = await deliveryShop('soak', sink.origin, ['Http'], settings, flakyHttp);
  const ordersFile = join(tmpdir(), `bench-soak-orders-${process.pid}.json`);
  writeFileSync(ordersFile, JSON.stringify(orders));
  await sink.reset();
  const worker = await startShop(setup, 'worker');
  const readings: Reading[] = [];
  const startedAt = Date.now();
  let reading = true;
  const readingLoop = (async () => {
    while (reading) {
      readings.push({
        atMs: Date.now() - startedAt,
        workerMiB: await residentMemoryMiB(worker.pid),
        redisMiB: await redisUsedMiB(),
        databaseMiB: await databaseMiB(setup),
      });
      const last = readings[readings.length - 1];
      if (readings.length % 4 === 0) {
        const { distinct, refused } = await sink.stats();
        progress(
          `soak, ${round(last.atMs / 60_000, 1)} min: worker ${round(last.workerMiB, 1)} MiB, Redis ${round(last.redisMiB, 1)} MiB, ` +
            `database ${round(last.databaseMiB, 1)} MiB; ${distinct} delivered, ${refused} answers 503`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, READING_INTERVAL_MS));
    }
  })();
  try {
    progress(`soak: ${RATE} events/s for ${MINUTES} min, one Http target answering 503 one time in ten`);
    const producer = await startBenchScript(
      'steady-producer',
      { ...setup.env, RATE: String(RATE), SECONDS: String(MINUTES * 60), MODE: 'capture', ORDERS_FILE: ordersFile },
      /produced (\d+)/,
      (MINUTES * 60 + 120) * 1000,
    );
    const produced = Number(producer.match[1]);
    await producer.stop();
    const loadEndedAt = Date.now();
    const final = await waitForDistinct(sink, produced, 5 * 60_000);
    reading = false;
    await readingLoop;

    const steady = (from: number, to: number) => readings.filter((one) => one.atMs >= from && one.atMs < to);
    const early = steady(WARM_UP_MS, WARM_UP_MS + SPAN_MS);
    const late = steady(loadEndedAt - startedAt - SPAN_MS, loadEndedAt - startedAt);
    const growth = (pick: (one: Reading) => number) => median(late.map(pick)) / median(early.map(pick)) - 1;
    const measures = [
      ['worker RSS MiB', (one: Reading) => one.workerMiB],
      ['Redis used_memory MiB', (one: Reading) => one.redisMiB],
      ['database MiB', (one: Reading) => one.databaseMiB],
    ] as const;
    const growths = measures.map(([, pick]) => growth(pick));
    const lost = produced - final.distinct;
    return {
      name: 'Soak',
      readings: readings.map((one) => ({
        ...one,
        workerMiB: round(one.workerMiB, 1),
        redisMiB: round(one.redisMiB, 1),
        databaseMiB: round(one.databaseMiB, 1),
      })),
      rows: [
        ...measures.map(([metric, pick], index) => ({
          metric: `${metric}, after warm-up → end`,
          system: `${round(median(early.map(pick)), 1)} → ${round(median(late.map(pick)), 1)}`,
          baseline: '',
          ratio: `${round(growths[index] * 100, 1)} %`,
        })),
        { metric: 'events produced / delivered / lost', system: `${produced} / ${final.distinct} / ${lost}`, baseline: '' },
        { metric: 'answers 503 (each retried)', system: final.refused, baseline: '' },
      ],
      goal: `growth < ${GROWTH_LIMIT * 100} % after warm-up, lost 0`,
      met: lost === 0 && growths.every((one) => one < GROWTH_LIMIT),
      notes:
        `${RATE} events/s for ${MINUTES} min (the sample app's publisher), one worker process, one Http target on a sink answering 503 to one request in ten at random, ` +
        `retries after ${RETRY_SCHEDULE_MS.map((ms) => ms / 1000).join(', ')} s; delivery log and finished jobs kept ${RETENTION_MINUTES} min. ` +
        `Readings every ${READING_INTERVAL_MS / 1000} s; growth = median of the last ${round(SPAN_MS / 60_000, 1)} min of load against the median of the ${round(SPAN_MS / 60_000, 1)} min after a ${round(WARM_UP_MS / 60_000, 1)} min warm-up. ` +
        `Delivered = distinct webhook-ids answered 200.`,
    };
  } finally {
    reading = false;
    await readingLoop;
    await worker.kill('SIGTERM');
    rmSync(ordersFile, { force: true });
  }
}

async function waitForDistinct(sink: Sink, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await sink.stats();
    if (stats.distinct >= count || Date.now() > deadline) return stats;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function redisUsedMiB(): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const info = await redis.info('memory');
    return Number(/^used_memory:(\d+)/m.exec(info)?.[1]) / 2 ** 20;
  } finally {
    redis.disconnect();
  }
}

/** The shop's SQLite files (with the write-ahead log), or its PostgreSQL database. */
async function databaseMiB(setup: ShopSetup): Promise<number> {
  const url = setup.env.DATABASE_URL;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const size = (file: string) => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    };
    return (size(path) + size(`${path}-wal`) + size(`${path}-shm`)) / 2 ** 20;
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
    return Number(rows[0].size) / 2 ** 20;
  } finally {
    await client.end();
  }
}
