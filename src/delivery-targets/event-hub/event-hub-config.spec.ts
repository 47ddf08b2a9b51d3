import { validateModel } from '../../common/validation';
import { writeOnlyPropertiesOf } from '../write-only.decorator';
import { EventHubConfig } from './event-hub-config';

const KEY = 'c2VuZC1rZXktc2VjcmV0PQ==';
const WITH_KEY = `Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${KEY}`;
const WITH_SIGNATURE =
  'Endpoint=sb://shop.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=sb%3a%2f%2fshop&sig=c2ln&se=1900000000&skn=send';

const problemsOf = (config: Record<string, unknown>) =>
  validateModel(EventHubConfig, config, 'DeliveryTargets.EventHub').problems.map(({ property, message }) => ({ property, message }));

describe('EventHubConfig', () => {
  it('keeps ConnectionString write-only', () => {
    expect(writeOnlyPropertiesOf(EventHubConfig).map((property) => property.name)).toEqual(['ConnectionString']);
  });

  it.each([
    ['a key', { EventHubName: 'tracking-events', ConnectionString: WITH_KEY }],
    ['a shared access signature', { EventHubName: 'tracking.events_1', ConnectionString: WITH_SIGNATURE }],
    ['the same EntityPath', { EventHubName: 'orders', ConnectionString: `${WITH_KEY};EntityPath=orders` }],
    [
      'a local emulator',
      {
        EventHubName: 'eh1',
        ConnectionString:
          'Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;',
      },
    ],
    ['a one-character name', { EventHubName: 'a', ConnectionString: WITH_KEY }],
  ])('accepts %s', (_, config) => {
    expect(problemsOf(config)).toEqual([]);
  });

  it('requires both fields', () => {
    expect(problemsOf({})).toEqual([
      { property: 'DeliveryTargets.EventHub.EventHubName', message: 'DeliveryTargets.EventHub.EventHubName is required.' },
      { property: 'DeliveryTargets.EventHub.ConnectionString', message: 'DeliveryTargets.EventHub.ConnectionString is required.' },
    ]);
  });

  it.each([
    ['starting with a hyphen', '-orders'],
    ['ending with a period', 'orders.'],
    ['with a space', 'orders hub'],
    ['with a slash', 'orders/0'],
    ['of 257 characters', 'x'.repeat(257)],
  ])('refuses an event hub name %s, saying the rule', (_, name) => {
    const [problem] = problemsOf({ EventHubName: name, ConnectionString: WITH_KEY });
    expect(problem.property).toBe('DeliveryTargets.EventHub.EventHubName');
    expect(problem.message).toMatch(/letters, digits, periods, hyphens and underscores|at most 256 characters/);
  });

  it.each([
    [
      'a pasted key alone',
      KEY,
      /Key=Value parts with Endpoint \+ SharedAccessKeyName \+ SharedAccessKey, or Endpoint \+ SharedAccessSignature/,
    ],
    [
      'an https endpoint',
      WITH_KEY.replace('sb://', 'https://'),
      /must have an Endpoint of the form sb:\/\/<namespace>\.servicebus\.windows\.net\//,
    ],
    [
      'a bare signature',
      WITH_SIGNATURE.replace('SharedAccessSignature sr=', 'sr='),
      /SharedAccessSignature that starts with "SharedAccessSignature sr="/,
    ],
    ['an EntityPath of another hub', `${WITH_KEY};EntityPath=payments`, /EntityPath that names another event hub than EventHubName/],
  ])('refuses %s, naming ConnectionString but not its secret', (_, connectionString, message) => {
    const problems = problemsOf({ EventHubName: 'orders', ConnectionString: connectionString });
    expect(problems).toEqual([{ property: 'DeliveryTargets.EventHub.ConnectionString', message: expect.stringMatching(message) }]);
    expect(problems[0].message).not.toContain(KEY);
  });
});
