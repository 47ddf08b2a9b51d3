import { HttpConfig } from '../../delivery-targets';
import { validateDeliveryTargets } from './delivery-targets';

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
