import { Kafka, logLevel } from 'kafkajs';
import { KafkaProducerClient } from '../../src/delivery-targets/kafka/kafka-producer-client';
import { startKafkaMockCluster, type KafkaMockCluster } from '../support/kafka-mock-cluster';

/** The kafkajs producer behind the Kafka target, against librdkafka's mock cluster. */
describe('KafkaProducerClient', () => {
  let cluster: KafkaMockCluster;
  const record = (value: string) => ({
    key: 'order-1',
    value,
    headers: { type: 't', 'delivery-id': value, 'content-type': 'application/json' as const },
  });
  const produce = (client: KafkaProducerClient, value: string) =>
    client.send({ topic: 'producer-client', messages: [record(value)], acks: -1, timeout: 1000 });
  const newClient = () =>
    new KafkaProducerClient(
      new Kafka({
        brokers: [cluster.bootstrapServers],
        logLevel: logLevel.NOTHING,
        requestTimeout: 1000,
        connectionTimeout: 1000,
        retry: { retries: 1, initialRetryTime: 100 },
      }).producer(),
    );

  beforeAll(async () => {
    cluster = await startKafkaMockCluster();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('sends again once a broker that hung while it connected answers again', async () => {
    cluster.freeze();
    let client: KafkaProducerClient;
    try {
      // kafkajs resolves this connect although its connection failed, and then fails every send ("Broker not connected").
      client = newClient();
      await client.connected().catch(() => undefined);
      await expect(produce(client, 'while-frozen')).rejects.toThrow();
    } finally {
      cluster.thaw();
    }
    try {
      // A send failed since the client connected last: at most one more fails (the one in flight while it reconnects).
      const outcomes = [];
      for (const value of ['after-1', 'after-2'])
        outcomes.push(
          await produce(client, value).then(
            () => value,
            () => 'failed',
          ),
        );
      expect(outcomes[1]).toBe('after-2');
    } finally {
      await client.disconnect();
    }
    const values = (await cluster.readTopic('producer-client', (messages) => messages.length >= 1)).map((message) =>
      message.value!.toString(),
    );
    expect(values).toContain('after-2');
  });
});
