import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Auth, Configuration, Tokens } from 'ordercloud-javascript-sdk';
import { readSampleConfig, SampleConfig } from '../../sample-app/config/sample-config';
import { createSampleApp } from '../../sample-app/create-sample-app';
import { TEST_HTTP_ADAPTER } from './http-adapter';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from './redis';
import type { TestDatabase, TestDatabaseInstance } from './test-databases';

export const ADMIN = { username: 'admin', password: 'Admin#2026', clientId: 'admin-portal' };
export const BUYER = { username: 'buyer01', password: 'Buyer#2026', clientId: 'storefront' };

/** The sample app running on a free loopback port against a database of the test's own. */
export interface RunningSampleApp {
  app: INestApplication;
  baseUrl: string;
  config: SampleConfig;
  close(): Promise<void>;
}

/** A config of the test's own (database, queue prefix, audit log directory) and how to clean it all up. */
export async function prepareSampleConfig(
  database: TestDatabase,
  overrides: Partial<SampleConfig> = {},
): Promise<{ config: SampleConfig; cleanUp(): Promise<void> }> {
  const instance: TestDatabaseInstance = await database.create();
  const queuePrefix = uniqueQueuePrefix();
  const auditLogDir = mkdtempSync(join(tmpdir(), 'tracking-events-audit-'));
  const config: SampleConfig = {
    ...readSampleConfig({}),
    port: 0,
    // In the test's own process: createSampleApp starts no thread (main.ts does, for RUN_WORKERS=thread).
    runWorkers: true,
    httpAdapter: TEST_HTTP_ADAPTER,
    database: instance.config,
    jwtSecret: randomBytes(24).toString('hex'),
    redisUrl: REDIS_URL,
    queuePrefix,
    auditLogDir,
    // Tests log in far more often than a shopper: the token rate limit has a test of its own.
    tokenRequestsPerMinute: 1_000_000,
    // Retries a few milliseconds apart, so that a test sees a retried delivery without waiting.
    delivery: { attempts: 4, backoffMs: 50, timeoutMs: 5000 },
    ...overrides,
  };
  return {
    config,
    cleanUp: async () => {
      await instance.drop();
      // A Redis Cluster is the test's own, and goes with it.
      if (!config.redisClusterNodes) await deleteQueueKeys(queuePrefix, config.redisUrl);
      rmSync(auditLogDir, { recursive: true, force: true });
    },
  };
}

export async function startSampleApp(database: TestDatabase, overrides: Partial<SampleConfig> = {}): Promise<RunningSampleApp> {
  const { config, cleanUp } = await prepareSampleConfig(database, overrides);
  let app: INestApplication | undefined;
  try {
    app = await createSampleApp(config, { logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app?.close();
    await cleanUp();
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const started = app;
  return {
    app: started,
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    close: async () => {
      await started.close();
      await cleanUp();
    },
  };
}

/** Points the official OrderCloud SDK at the running app. */
export function useSdkAgainst(running: RunningSampleApp): void {
  Configuration.Set({ baseApiUrl: running.baseUrl, apiVersion: 'v1', clientID: ADMIN.clientId, timeoutInMilliseconds: 15000 });
  Tokens.RemoveAccessToken();
}

/** Logs in through the SDK (`Auth.Login`) and returns the access token. */
export async function login(user: { username: string; password: string; clientId: string }, scope: string[] = []): Promise<string> {
  const response = await Auth.Login(user.username, user.password, user.clientId, scope as never[]);
  return response.access_token;
}

/** Logs the admin in and makes the token the SDK's default. */
export async function loginAsAdmin(scope: string[] = ['FullAccess']): Promise<string> {
  const token = await login(ADMIN, scope);
  Tokens.SetAccessToken(token);
  return token;
}
