// A Redis round trip every 10 ms for SECONDS, from a process of its own: the latency a request that
// waits for Redis adds at that moment, whatever the app does. Prints the round trips' times (ms) as JSON.
import Redis from 'ioredis';

async function main(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await redis.ping();
  process.stdout.write('pinger ready\n');
  const until = Date.now() + Number(process.env.SECONDS) * 1000;
  const roundTrips: number[] = [];
  while (Date.now() < until) {
    const started = performance.now();
    await redis.ping();
    roundTrips.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  redis.disconnect();
  process.stdout.write(`round trips ${JSON.stringify(roundTrips)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Pinger failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
