// Azurite, Microsoft's Azure Storage emulator (npm `azurite`), for the AzureBlob and AzureTable targets'
// tests: one service in its own process on a free loopback port, its data in a temporary directory, so
// that a test can stop it (the service is down) and start it again on the same port with the same data.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntilListening } from '../../sample-app/local-redis';
import { freePort } from './private-servers';

/** Azurite's well-known development account (its README and `EMULATOR_ACCOUNT_KEY` in its source). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
/** A well-formed key of the same length that Azurite's SharedKey check refuses (403). */
export const WRONG_ACCOUNT_KEY = Buffer.alloc(64, 7).toString('base64');

export type AzuriteService = 'Blob' | 'Table';

export interface AzuriteServer {
  port: number;
  /** `DefaultEndpointsProtocol=http;AccountName=…;AccountKey=…;<Service>Endpoint=http://127.0.0.1:<port>/devstoreaccount1;` */
  connectionString(accountKey?: string): string;
  /** Stops the process (the service is down); its data stays for `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

export async function startAzurite(service: AzuriteService): Promise<AzuriteServer> {
  const directory = mkdtempSync(join(tmpdir(), `tracking-events-test-azurite-${service.toLowerCase()}-`));
  const port = await freePort();
  const main = require.resolve(`azurite/dist/src/${service.toLowerCase()}/main.js`);
  const args = [
    main,
    '--location',
    directory,
    `--${service.toLowerCase()}Host`,
    '127.0.0.1',
    `--${service.toLowerCase()}Port`,
    String(port),
    '--silent',
    '--disableTelemetry',
    // The SDKs speak a newer service version than Azurite knows; what the targets use exists in both.
    '--skipApiVersionCheck',
  ];
  let server: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(process.execPath, args, { stdio: 'ignore' });
    server = started;
    try {
      await waitUntilListening(port, started, `azurite ${service}`);
    } catch (error) {
      await stopProcess(started);
      throw error;
    }
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (running) await stopProcess(running);
  };
  await start().catch((error) => {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  });
  return {
    port,
    connectionString: (accountKey = AZURITE_ACCOUNT_KEY) =>
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${accountKey};${service}Endpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`,
    stop,
    start,
    close: async () => {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** SIGINT is Azurite's graceful shutdown, which saves its metadata database; killed if it takes over 10 s. */
async function stopProcess(running: ChildProcess): Promise<void> {
  if (running.exitCode !== null || running.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
  running.kill('SIGINT');
  const killer = setTimeout(() => running.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}
