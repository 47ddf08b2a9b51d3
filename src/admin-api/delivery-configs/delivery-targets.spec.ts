import { DiscoverEventConfig, HttpConfig, KafkaConfig } from '../../delivery-targets';
import { secretsLeftBehind, validateDeliveryTargets } from './delivery-targets';

const models = { Http: HttpConfig };
const messageFor = (type: string) => validateDeliveryTargets({ [type]: {} }, models).problems.map((problem) => problem.message);

describe('validateDeliveryTargets', () => {
  it.each(['Kafka', 'EventHub', 'AzureBlob', 'AzureTable', 'CosmosDb'])(
    'says how to enable %s, a target of the library this server has not enabled',
    (type) => {
      expect(messageFor(type)).toEqual([
        `DeliveryTargets.${type} is not enabled on this server: the host enables it by naming ${type}Target in TrackingEventsModule's \`targets\`. Supported targets: Http.`,
      ]);
    },
  );

  it('says what an integration for another feature is for', () => {
    expect(messageFor('ContentHub')).toEqual([
      'DeliveryTargets.ContentHub is not a target for tracking events: OrderCloud uses it for product sync to Sitecore Content Hub. Supported targets: Http.',
    ]);
  });

  it('refuses a type nobody delivers to', () => {
    expect(messageFor('Carrier')).toEqual([
      'DeliveryTargets.Carrier is not a delivery target this server supports. Supported targets: Http.',
    ]);
  });
});

describe('secretsLeftBehind', () => {
  const models = { Http: HttpConfig, DiscoverEvent: DiscoverEventConfig, Kafka: KafkaConfig };
  const stored = {
    Http: { Endpoint: 'https://hooks.example.com/a', Secret: 's', CustomAuthHeaderName: 'x-key', CustomAuthHeaderValue: 'v' },
    DiscoverEvent: { ClientID: 'c', ApiKey: 'k', ServiceEndpoint: 'https://discover.sitecorecloud.io' },
    Kafka: { BootstrapServers: 'b1:9092,b2:9092', Topic: 't', SaslUsername: 'u', SaslPassword: 'p' },
  };
  const propertiesOf = (result: object, given: unknown) =>
    secretsLeftBehind(stored, result as never, given, models).map((problem) => problem.property);

  it('asks for every kept secret of a target sent to another origin', () => {
    const result = { ...stored, Http: { ...stored.Http, Endpoint: 'https://elsewhere.example.net/a' } };
    expect(propertiesOf(result, { Http: { Endpoint: 'https://elsewhere.example.net/a' } })).toEqual([
      'DeliveryTargets.Http.Secret',
      'DeliveryTargets.Http.CustomAuthHeaderValue',
    ]);
    expect(secretsLeftBehind(stored, result, {}, models)[0].message).toBe(
      'DeliveryTargets.Http.Secret must be given again: the request sends Http to another destination (Endpoint), ' +
        'and a stored secret is never sent to a host it was not saved for.',
    );
  });

  it('accepts the move when the request restates the secrets', () => {
    const result = { ...stored, DiscoverEvent: { ...stored.DiscoverEvent, ServiceEndpoint: 'http://169.254.169.254' } };
    expect(propertiesOf(result, { DiscoverEvent: { ServiceEndpoint: 'http://169.254.169.254' } })).toEqual([
      'DeliveryTargets.DiscoverEvent.ApiKey',
    ]);
    expect(propertiesOf(result, { DiscoverEvent: { ServiceEndpoint: 'http://169.254.169.254', ApiKey: 'new' } })).toEqual([]);
  });

  it('lets a path, the same origin, reordered brokers and the other fields change', () => {
    const result = {
      Http: { ...stored.Http, Endpoint: 'https://HOOKS.example.com:443/b?v=2' },
      DiscoverEvent: { ...stored.DiscoverEvent, ClientID: 'other' },
      Kafka: { ...stored.Kafka, BootstrapServers: 'b2:9092, b1:9092', Topic: 'other' },
    };
    expect(propertiesOf(result, {})).toEqual([]);
  });

  it('asks for the SASL password when the brokers change', () => {
    const result = { ...stored, Kafka: { ...stored.Kafka, BootstrapServers: 'b1:9092,evil:9092' } };
    expect(propertiesOf(result, { Kafka: { BootstrapServers: 'b1:9092,evil:9092' } })).toEqual(['DeliveryTargets.Kafka.SaslPassword']);
  });

  it('has nothing to say of a new target, or of a secret cleared with the move', () => {
    expect(secretsLeftBehind({}, stored, {}, models)).toEqual([]);
    const result = { Http: { Endpoint: 'https://elsewhere.example.net', Secret: 'new' } };
    expect(
      propertiesOf(result, { Http: { Endpoint: 'https://elsewhere.example.net', Secret: 'new', CustomAuthHeaderName: null } }),
    ).toEqual([]);
  });
});
