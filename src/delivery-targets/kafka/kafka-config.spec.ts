import { validateModel } from '../../common/validation';
import { writeOnlyPropertiesOf } from '../write-only.decorator';
import { brokersOf, KafkaConfig } from './kafka-config';

const valid = {
  BootstrapServers: 'b1.example.com:9092, 10.0.0.2:9093,[::1]:9094',
  SaslUsername: 'shop',
  SaslPassword: 'pw',
  Topic: 'orders.v1',
};
const problemsOf = (config: object) =>
  validateModel(KafkaConfig, config, 'DeliveryTargets.Kafka').problems.map((problem) => problem.property);

describe('KafkaConfig', () => {
  it("is OrderCloud's model: every field required, SaslPassword write-only", () => {
    expect(problemsOf(valid)).toEqual([]);
    expect(problemsOf({})).toEqual(
      ['BootstrapServers', 'SaslUsername', 'SaslPassword', 'Topic'].map((field) => `DeliveryTargets.Kafka.${field}`),
    );
    expect(writeOnlyPropertiesOf(KafkaConfig).map((property) => property.name)).toEqual(['SaslPassword']);
  });

  it.each(['https://broker:9092', 'broker', 'broker:', 'broker:9092,', 'a b:9092', 'broker:123456'])(
    'refuses the brokers %j',
    (servers) => {
      expect(problemsOf({ ...valid, BootstrapServers: servers })).toEqual(['DeliveryTargets.Kafka.BootstrapServers']);
    },
  );

  it.each(['.', '..', 'with space', 'ümlaut', 'x'.repeat(250), 'a/b'])("refuses the topic %j (Kafka's naming rule)", (topic) => {
    expect(problemsOf({ ...valid, Topic: topic })).toEqual(['DeliveryTargets.Kafka.Topic']);
  });

  it('lists the brokers without the spaces around them', () => {
    expect(brokersOf(valid)).toEqual(['b1.example.com:9092', '10.0.0.2:9093', '[::1]:9094']);
  });
});
