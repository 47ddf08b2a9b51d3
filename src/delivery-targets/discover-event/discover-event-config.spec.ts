import { validateModel } from '../../common/validation';
import { DiscoverEventConfig } from './discover-event-config';

const problemsOf = (config: object) => validateModel(DiscoverEventConfig, config, 'DeliveryTargets.DiscoverEvent').problems;
const BASE = { ClientID: 'customer-1', ServiceEndpoint: 'https://discover.sitecorecloud.io' };

describe('DiscoverEventConfig ApiKey', () => {
  it('accepts a key that can be sent as the Authorization header', () => {
    expect(problemsOf({ ...BASE, ApiKey: '01-abcdef-0123456789abcdef' })).toEqual([]);
  });

  it.each(['01-abc\r\nX-Injected: 1', '01-abc\t', '01-abc\u001b'])('refuses %j, naming the field but not the key', (ApiKey) => {
    const problems = problemsOf({ ...BASE, ApiKey });
    expect(problems).toEqual([
      {
        property: 'DeliveryTargets.DiscoverEvent.ApiKey',
        message: expect.stringMatching(/^DeliveryTargets\.DiscoverEvent\.ApiKey must be a valid HTTP header value/),
      },
    ]);
    expect(problems[0].message).not.toContain('01-abc');
  });
});
