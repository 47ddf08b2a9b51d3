import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The Node options of every worker process the benchmark starts, the plugin's and the bare baselines'
 * alike, as docs/reliability.md ("What production needs") advises for worker processes: a heap sized
 * as a production worker's would be (without a limit, on a machine with much memory, V8 lets the old
 * generation grow to several times what is live before it collects), and a young generation twice
 * Node's default (fewer scavenges, fewer objects promoted while their delivery is in flight).
 */
export const WORKER_NODE_OPTIONS = '--max-old-space-size=1024 --max-semi-space-size=32';

/** NODE_OPTIONS for a worker process: the benchmark's own, if any, and WORKER_NODE_OPTIONS. */
export function workerNodeOptions(): string {
  return [process.env.NODE_OPTIONS, WORKER_NODE_OPTIONS].filter(Boolean).join(' ');
}

/** A child process of the benchmark, started with its TypeScript compiled on the fly. */
export interface BenchProcess {
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `bench/<script>.ts` and waits (60 s at most, unless told) until it prints a line matching `ready`. */
export async function startBenchScript(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<BenchProcess & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'bench', `${script}.ts`)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitUntilReady(child, ready, script, timeoutMs);
}

async function waitUntilReady(
  child: ChildProcess,
  ready: RegExp,
  name: string,
  timeoutMs: number,
): Promise<BenchProcess & { match: RegExpExecArray }> {
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) resolve(found);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`)));
    setTimeout(() => reject(new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs).unref();
  });
  return {
    pid: child.pid!,
    match,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** CPU time (user + system) a process has used so far, in milliseconds (Linux, clock ticks of 10 ms). */
export async function cpuTimeMs(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process, in MiB (Linux). */
export async function residentMemoryMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kib / 1024;
}
