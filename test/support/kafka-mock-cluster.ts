import { spawn, type ChildProcess } from 'node:child_process';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';

/** librdkafka's mock cluster, run by `kcat`: a real Kafka-protocol broker on loopback, without TLS or SASL. */
export interface KafkaMockCluster {
  bootstrapServers: string;
  /** Freezes the broker (SIGSTOP): connections stay open and nothing answers, as with a hung or partitioned broker. */
  freeze(): void;
  thaw(): void;
  /**
   * The messages of a topic, per partition in offset order, read with a kafkajs consumer until
   * `isComplete` says they are all there (or 15 s have passed), and for 300 ms more, to catch copies.
   */
  readTopic(topic: string, isComplete: (messages: TopicMessage[]) => boolean): Promise<TopicMessage[]>;
  stop(): Promise<void>;
}

export type TopicMessage = KafkaMessage & { partition: number };

export async function startKafkaMockCluster(): Promise<KafkaMockCluster> {
  // The consumer of a topic nobody writes to keeps kcat, and with it the cluster, running.
  const kcat = spawn(
    'kcat',
    ['-b', '127.0.0.1:1', '-X', 'test.mock.num.brokers=1', '-X', 'debug=mock', '-q', '-C', '-t', 'kcat-keepalive'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const bootstrapServers = await bootstrapServersOf(kcat);
  const kafka = new Kafka({ clientId: 'test-reader', brokers: [bootstrapServers], logLevel: logLevel.NOTHING });
  return {
    bootstrapServers,
    freeze: () => kcat.kill('SIGSTOP'),
    thaw: () => kcat.kill('SIGCONT'),
    readTopic: async (topic, isComplete) => {
      const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}` });
      const messages: TopicMessage[] = [];
      let giveUp: NodeJS.Timeout | undefined;
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((resolve) => {
          giveUp = setTimeout(resolve, 15_000);
          void consumer.run({
            eachMessage: async ({ message, partition }) => {
              messages.push({ ...message, partition });
              if (isComplete(messages)) resolve();
            },
          });
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        clearTimeout(giveUp);
        await consumer.disconnect();
      }
      return messages;
    },
    stop: async () => {
      if (kcat.exitCode !== null || kcat.signalCode !== null) return;
      kcat.kill('SIGCONT');
      const exited = new Promise((resolve) => kcat.once('exit', resolve));
      kcat.kill('SIGTERM');
      await exited;
    },
  };
}

function bootstrapServersOf(kcat: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    kcat.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              "The Kafka tests run librdkafka's mock cluster through kcat, which is not installed. Fix: apt-get install kcat (Debian/Ubuntu) or brew install kcat (macOS).",
            )
          : error,
      ),
    );
    kcat.once('exit', (code) => reject(new Error(`kcat exited (${code}) before its mock cluster started:\n${log}`)));
    kcat.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const found = /bootstrap\.servers=(\S+)/.exec(log);
      if (found) {
        kcat.stderr!.removeAllListeners('data');
        kcat.stderr!.resume();
        resolve(found[1]);
      }
    });
  });
}
