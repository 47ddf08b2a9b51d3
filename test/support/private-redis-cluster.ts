import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis, { Cluster } from 'ioredis';
import { freePort } from './private-servers';
import { waitFor } from './wait-for';

const MASTERS = 3;

/** A Redis Cluster of the test's own on loopback: three masters with a replica each. */
export interface PrivateRedisCluster {
  /** `host:port` of every node, as REDIS_CLUSTER_NODES takes them. */
  nodes: string[];
  /** A cluster connection for the test's own reads. */
  connect(): Cluster;
  /**
   * A coordinated failover (`CLUSTER FAILOVER` on its replica) of the master that holds `key`: the
   * replica catches up with the master before it takes over, so no acknowledged write is lost.
   * Resolves once the whole cluster serves the key's slot from the former replica.
   */
  failOver(key: string): Promise<{ from: string; to: string }>;
  /** Kills every node and removes their directories; safe to call more than once, and from an exit handler. */
  close(): void;
}

/**
 * Starts six `redis-server --cluster-enabled yes` on free loopback ports (each with a bus port of its
 * own, so that no port + 10000 arithmetic can collide or overflow), with AOF and no eviction as
 * production needs, and joins them with `redis-cli --cluster create`. The nodes are killed (SIGKILL:
 * nothing of them is kept) by `close()`, or when the test process exits, as it does on an interrupted
 * run (test/support/test-servers.ts).
 */
export async function startPrivateRedisCluster(): Promise<PrivateRedisCluster> {
  const directory = mkdtempSync(join(tmpdir(), 'tracking-events-redis-cluster-'));
  const servers: ChildProcess[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    process.off('exit', close);
    for (const server of servers) if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  };
  process.once('exit', close);

  try {
    const ports: number[] = [];
    for (let index = 0; index < MASTERS * 2; index++) {
      const [port, busPort] = await distinctFreePorts(2, ports);
      ports.push(port, busPort);
      const nodeDirectory = mkdtempSync(join(directory, `node-${port}-`));
      // prettier-ignore
      const server = spawn('redis-server', [
        '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--dir', nodeDirectory,
        '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '3000',
        '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction',
      ], { stdio: 'ignore' });
      servers.push(server);
    }
    const nodes = ports.filter((_, index) => index % 2 === 0).map((port) => `127.0.0.1:${port}`);
    await Promise.all(nodes.map((node) => waitFor(`Redis on ${node}`, () => answersPing(node))));
    await promisify(execFile)('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '1', '--cluster-yes'], {
      timeout: 30_000,
    });
    await waitFor(
      'the Redis Cluster to be up on every node',
      () => allAgree(nodes, async (node) => (await clusterInfo(node)).cluster_state === 'ok'),
      30_000,
      100,
    );
    await waitFor('every replica to be in sync', () => allAgree(nodes, replicaInSync), 30_000, 100);
    return { nodes, connect: () => new Cluster(nodes.map(hostAndPort)), failOver: (key) => failOver(nodes, key), close };
  } catch (error) {
    close();
    throw error;
  }
}

async function failOver(nodes: string[], key: string): Promise<{ from: string; to: string }> {
  const slot = Number(await withNode(nodes[0], (redis) => redis.cluster('KEYSLOT', key)));
  const master = await withNode(nodes[0], async (redis) => ownerOf(await clusterNodes(redis), slot));
  const replica = await withNode(nodes[0], async (redis) =>
    (await clusterNodes(redis)).find((node) => node.masterId === master.id && !node.flags.includes('fail')),
  );
  if (!replica) throw new Error(`The master ${master.address} of slot ${slot} has no replica to fail over to`);
  await withNode(replica.address, (redis) => redis.cluster('FAILOVER'));
  await waitFor(
    `${replica.address} to serve slot ${slot} on every node`,
    () => allAgree(nodes, (node) => withNode(node, async (redis) => ownerOf(await clusterNodes(redis), slot).address === replica.address)),
    30_000,
    100,
  );
  return { from: master.address, to: replica.address };
}

interface ClusterNodeLine {
  id: string;
  address: string;
  flags: string[];
  masterId: string;
  slots: Array<[number, number]>;
}

/** `CLUSTER NODES`, one entry per node. */
async function clusterNodes(redis: Redis): Promise<ClusterNodeLine[]> {
  const text = String(await redis.cluster('NODES'));
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, masterId, , , , , ...slots] = line.split(' ');
      return {
        id,
        address: address.split('@')[0],
        flags: flags.split(','),
        masterId,
        slots: slots
          .filter((range) => !range.startsWith('['))
          .map((range) => {
            const [start, end = start] = range.split('-');
            return [Number(start), Number(end)] as [number, number];
          }),
      };
    });
}

function ownerOf(nodes: ClusterNodeLine[], slot: number): ClusterNodeLine {
  const owner = nodes.find((node) => node.flags.includes('master') && node.slots.some(([start, end]) => slot >= start && slot <= end));
  if (!owner) throw new Error(`No master serves slot ${slot}`);
  return owner;
}

async function clusterInfo(node: string): Promise<Record<string, string>> {
  const text = String(await withNode(node, (redis) => redis.cluster('INFO')));
  return Object.fromEntries(text.split('\r\n').map((line) => line.split(':') as [string, string]));
}

/** A master, or a replica whose link to its master is up. */
async function replicaInSync(node: string): Promise<boolean> {
  const info = await withNode(node, (redis) => redis.info('replication'));
  return info.includes('role:master') || info.includes('master_link_status:up');
}

async function allAgree(nodes: string[], check: (node: string) => Promise<boolean>): Promise<boolean> {
  try {
    return (await Promise.all(nodes.map(check))).every(Boolean);
  } catch {
    return false;
  }
}

async function answersPing(node: string): Promise<boolean> {
  try {
    return (await withNode(node, (redis) => redis.ping())) === 'PONG';
  } catch {
    return false;
  }
}

async function withNode<T>(node: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ ...hostAndPort(node), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

function hostAndPort(node: string): { host: string; port: number } {
  const [host, port] = node.split(':');
  return { host, port: Number(port) };
}

async function distinctFreePorts(count: number, taken: number[]): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!taken.includes(port) && !ports.includes(port)) ports.push(port);
  }
  return ports;
}
