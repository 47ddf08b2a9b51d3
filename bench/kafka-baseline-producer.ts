// The baseline of the Kafka benchmark: a bare kafkajs producer that sends a backlog of records, one
// `send` per record, CONCURRENCY sends in flight, as an application would without batching.
import { Kafka, logLevel } from 'kafkajs';

const count = Number(process.env.RECORDS);
const concurrency = Number(process.env.CONCURRENCY ?? 50);
const valueBytes = Number(process.env.VALUE_BYTES);
const topic = process.env.TOPIC!;
const value = JSON.stringify({ Filler: 'x'.repeat(Math.max(0, valueBytes - 13)) });

async function main(): Promise<void> {
  const producer = new Kafka({ brokers: process.env.BOOTSTRAP_SERVERS!.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  process.stdout.write('kafka baseline ready\n');
  let next = 0;
  const sender = async () => {
    for (let n = next++; n < count; n = next++) {
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key: `order-${n % 500}`, value, headers: { type: 'bench', 'delivery-id': `baseline-${n}` } }],
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  await producer.disconnect();
  process.stdout.write('kafka baseline done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka baseline failed: ${String(error)}\n`);
  process.exit(1);
});
process.on('SIGTERM', () => process.exit(0));
