import { DeliveryConfigurations } from 'ordercloud-javascript-sdk';
import { DeadLettersService, MESSAGE_NAMESPACES, type DeadLetter } from '../../src';
import { startKafkaMockCluster, type KafkaMockCluster, type TopicMessage } from '../support/kafka-mock-cluster';
import { sdkFailure } from '../support/ordercloud-error';
import { RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { attemptsOf, configureDeliveryTo, deadLetterFor, deadLettersOf, runShopperJourney, waitForItems } from '../support/target-journey';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const PASSWORD = 'kafka-sasl-password';
const ALL_TYPES = Object.values(MESSAGE_NAMESPACES);

/**
 * The Kafka target, configured through the official SDK, producing to librdkafka's mock cluster
 * (plaintext: the mock has no TLS or SASL, so the deployment's `kafka.securityProtocol` is PLAINTEXT).
 */
describe.each(TEST_DATABASES)('Kafka deliveries ($name)', (database) => {
  let cluster: KafkaMockCluster;
  let running: RunningSampleApp;
  const kafkaTarget = (topic: string) => ({
    BootstrapServers: cluster.bootstrapServers,
    Topic: topic,
    SaslUsername: 'shop',
    SaslPassword: PASSWORD,
  });
  const decoded = (messages: TopicMessage[]) =>
    messages.map((message) => ({
      key: message.key!.toString(),
      type: message.headers!.type!.toString(),
      deliveryId: message.headers!['delivery-id']!.toString(),
      partition: message.partition,
      payload: JSON.parse(message.value!.toString()),
    }));

  beforeAll(async () => {
    cluster = await startKafkaMockCluster();
    running = await startSampleApp(database, {
      kafka: { securityProtocol: 'PLAINTEXT' },
      // Attempts of at most 1 s, 0.3 to 2.4 s apart: a frozen broker fails them all within seconds; no pause of the target meanwhile.
      delivery: { attempts: 5, backoffMs: 300, timeoutMs: 1000 },
      circuitBreaker: { failureThreshold: 1000 },
    });
  });

  /** One message of each type at least: copies of abandoned attempts may come too. */
  const hasEveryType = (messages: TopicMessage[]) =>
    ALL_TYPES.every((type) => messages.some((message) => message.headers!.type!.toString() === type));
  afterAll(async () => {
    await running?.close();
    await cluster?.stop();
  });

  it("produces a journey to the topic: the message JSON, header type, one order's events keyed by the order, in order", async () => {
    const topic = `journey-${database.name}`;
    await configureDeliveryTo(running, 'kafka-journey', { Kafka: kafkaTarget(topic) }, [PASSWORD]);
    const { orderId, lineId } = await runShopperJourney();

    const records = decoded(await cluster.readTopic(topic, hasEveryType));
    expect(records).toHaveLength(4);
    // Partitions are read in no particular order: the order holds within the order's partition.
    const [login, added, updated, submitted] = ALL_TYPES.map((type) => records.find((record) => record.type === type)!);
    expect(records.filter((record) => record.partition === added.partition && record !== login)).toEqual([added, updated, submitted]);
    expect(login).toMatchObject({ key: login.payload.UserContext.ID, payload: { Email: expect.any(String) } });
    expect([added, updated, submitted].map((record) => record.key)).toEqual([orderId, orderId, orderId]);
    expect(added.payload).toMatchObject({
      OrderId: orderId,
      LineItem: { LineID: lineId, Quantity: 2, Product: { ProductID: 'coffee-beans' } },
    });
    expect(updated.payload).toMatchObject({ PreviousQuantity: 2, LineItem: { Quantity: 3 } });
    expect(submitted.payload).toMatchObject({ OrderID: orderId, LineItems: [expect.objectContaining({ Quantity: 3 })] });
    expect(new Set(records.map((record) => record.deliveryId)).size).toBe(4);
  });

  it('retries while the broker hangs and delivers everything once it answers again; copies of abandoned attempts share their delivery-id', async () => {
    const topic = `outage-${database.name}`;
    await configureDeliveryTo(running, 'kafka-outage', { Kafka: kafkaTarget(topic) });
    cluster.freeze();
    try {
      await runShopperJourney();
      await waitFor(
        'a failed attempt',
        () => attemptsOf(running, 'kafka-outage', 'Retrying').then((attempts) => attempts.length >= 1),
        15_000,
      );
    } finally {
      cluster.thaw();
    }
    const records = decoded(await cluster.readTopic(topic, hasEveryType));
    expect(new Set(records.map((record) => record.type))).toEqual(new Set(ALL_TYPES));
    expect(new Set(records.map((record) => record.deliveryId)).size).toBe(4);
  });

  it('keeps what failed for good as dead letters, and a replay delivers each under its delivery-id', async () => {
    const topic = `replay-${database.name}`;
    await configureDeliveryTo(running, 'kafka-replay', { Kafka: kafkaTarget(topic) });
    cluster.freeze();
    let letters: DeadLetter[];
    try {
      const { orderId } = await runShopperJourney();
      await deadLetterFor(running, 'Kafka', orderId, 20_000);
      letters = await waitForItems('dead letters', () => deadLettersOf(running, 'kafka-replay'), 4);
    } finally {
      cluster.thaw();
    }
    expect(letters[0].LastError).toMatch(
      /^Kafka produce to topic replay-\w+ (timed out|failed: (Broker not connected|Connection timeout))/,
    );
    for (const letter of letters) await running.app.get(DeadLettersService).replay(letter.ID);

    const records = decoded(await cluster.readTopic(topic, hasEveryType));
    expect(new Set(records.map((record) => record.type))).toEqual(new Set(ALL_TYPES));
    expect(new Set(records.map((record) => record.deliveryId))).toEqual(new Set(letters.map((letter) => letter.ID)));
  });

  it('makes a refused SASL exchange a dead letter at once, with the reason', async () => {
    // The mock cluster has no SASL: a deployment set for SASL meets a broker that refuses the exchange.
    const saslApp = await startSampleApp(database, { kafka: { securityProtocol: 'SASL_PLAINTEXT' } });
    try {
      await configureDeliveryTo(saslApp, 'kafka-sasl', { Kafka: kafkaTarget(`sasl-${database.name}`) }, [PASSWORD]);
      const { orderId } = await runShopperJourney();
      const letter = await deadLetterFor(saslApp, 'Kafka', orderId);
      expect(letter.Attempts).toHaveLength(1);
      expect(letter.LastError).toMatch(/^Kafka produce to topic sasl-\w+ failed: .*does not support/);
      expect(letter.LastError).not.toContain(PASSWORD);
    } finally {
      await saslApp.close();
      useSdkAgainst(running);
    }
  });

  it('refuses a config with a malformed broker list or topic name, naming the field', async () => {
    await configureDeliveryTo(running, 'kafka-valid', { Kafka: kafkaTarget('valid') });
    const failure = await sdkFailure(
      DeliveryConfigurations.Patch('kafka-valid', {
        DeliveryTargets: { Kafka: { ...kafkaTarget('bad topic!'), BootstrapServers: 'https://broker' } } as never,
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.errors).toEqual([
      {
        ErrorCode: 'ValidationFailure',
        Message: expect.stringMatching(/host:port/),
        Data: { Property: 'DeliveryTargets.Kafka.BootstrapServers' },
      },
      {
        ErrorCode: 'ValidationFailure',
        Message: expect.stringMatching(/letters, digits/),
        Data: { Property: 'DeliveryTargets.Kafka.Topic' },
      },
    ]);
  });
});
