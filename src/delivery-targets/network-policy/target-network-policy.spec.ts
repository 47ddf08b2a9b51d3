import type { LookupAddress } from 'node:dns';
import { TargetAddressRefusedError, targetAddressRefusalIn } from './target-address-refused.error';
import { TargetNetworkPolicy, type HostResolver, type NetworkPolicyRules } from './target-network-policy';

const STRICT: NetworkPolicyRules = { allowPrivateNetworks: false, allowedHosts: [], echoResponseBodies: false };
const LENIENT: NetworkPolicyRules = { ...STRICT, allowPrivateNetworks: true };

/** A name server with fixed answers: what a re-pointed (rebound) name resolves to at connect time. */
function resolverOf(answers: Record<string, string[]>): HostResolver {
  return (hostname, _family, callback) => {
    const addresses = answers[hostname];
    if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
}

function lookupWith(policy: TargetNetworkPolicy, hostname: string, options: object) {
  return new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) =>
    policy.lookup(hostname, options, (error, address, family) => resolve({ error, address, family })),
  );
}

describe('TargetNetworkPolicy', () => {
  it.each([
    [
      '169.254.169.254',
      /169\.254\.169\.254 is a link-local address \(where cloud metadata services answer\), which no target may connect to/,
    ],
    ['[fe80::1]', /is a link-local address/],
    ['[fd00:ec2::254]', /is a cloud metadata address/],
    ['100.100.100.200', /is a cloud metadata address/],
    ['0.0.0.0', /is the unspecified address/],
    ['224.0.0.1', /is a multicast address/],
    ['[::ffff:169.254.169.254]', /169\.254\.169\.254 is a link-local address/],
    ['[64:ff9b::a9fe:a9fe]', /is a link-local address/],
    ['metadata.google.internal', /is a cloud metadata service/],
    ['Metadata.Google.Internal.', /is a cloud metadata service/],
  ])('refuses %s whatever the settings say', (host, reason) => {
    expect(new TargetNetworkPolicy(LENIENT).refusalOf(host)).toMatch(reason);
    expect(new TargetNetworkPolicy(STRICT).refusalOf(host)).toMatch(reason);
  });

  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '[::1]',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '[fd12::1]',
    'localhost',
    'api.localhost',
    '[::ffff:7f00:1]',
  ])('refuses the private or loopback %s unless private networks are allowed', (host) => {
    expect(new TargetNetworkPolicy(STRICT).refusalOf(host)).toMatch(/network policy does not allow \(networkPolicy.allowPrivateNetworks\)/);
    expect(new TargetNetworkPolicy(LENIENT).refusalOf(host)).toBeUndefined();
  });

  it.each(['hooks.example.com', '93.184.216.34', '[2606:4700::1111]'])('allows the public %s', (host) => {
    expect(new TargetNetworkPolicy(STRICT).refusalOf(host)).toBeUndefined();
  });

  it('allows only the hosts of the allow-list when there is one: exact names, names under *.domain, addresses', () => {
    const policy = new TargetNetworkPolicy({ ...STRICT, allowedHosts: ['hooks.example.com', '*.sitecorecloud.io', '93.184.216.34'] });
    expect(policy.refusalOf('HOOKS.example.com')).toBeUndefined();
    expect(policy.refusalOf('edge.eu.sitecorecloud.io')).toBeUndefined();
    expect(policy.refusalOf('93.184.216.34')).toBeUndefined();
    expect(policy.refusalOf('sitecorecloud.io')).toMatch(/is not one of the hosts this server's network policy allows/);
    expect(policy.refusalOf('evilsitecorecloud.io')).toMatch(/networkPolicy.allowedHosts/);
    expect(policy.refusalOf('hooks.example.com.evil.net')).toMatch(/networkPolicy.allowedHosts/);
  });

  it('still refuses a metadata address that the allow-list names', () => {
    const policy = new TargetNetworkPolicy({ ...LENIENT, allowedHosts: ['169.254.169.254'] });
    expect(policy.refusalOf('169.254.169.254')).toMatch(/no target may connect to/);
  });

  describe('at connect time', () => {
    const resolver = resolverOf({
      'hooks.example.com': ['93.184.216.34', '2606:4700::1111'],
      'rebound.example.com': ['93.184.216.34', '127.0.0.1'],
      'metadata.example.com': ['169.254.169.254'],
    });

    it('answers as dns.lookup does for an allowed name, in both of its forms', async () => {
      const policy = new TargetNetworkPolicy(STRICT, resolver);
      expect(await lookupWith(policy, 'hooks.example.com', {})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
      expect(await lookupWith(policy, 'hooks.example.com', { all: true })).toMatchObject({
        error: null,
        address: [
          { address: '93.184.216.34', family: 4 },
          { address: '2606:4700::1111', family: 6 },
        ],
      });
    });

    it('refuses a name when any address it resolves to is not allowed, without naming the address', async () => {
      const policy = new TargetNetworkPolicy(STRICT, resolver);
      const { error } = await lookupWith(policy, 'rebound.example.com', { all: true });
      expect(error).toBeInstanceOf(TargetAddressRefusedError);
      expect(error?.message).toBe(
        "rebound.example.com resolves to a loopback address, which this server's network policy does not allow (networkPolicy.allowPrivateNetworks)",
      );
      expect((await lookupWith(new TargetNetworkPolicy(LENIENT, resolver), 'metadata.example.com', {})).error?.message).toMatch(
        /metadata.example.com resolves to a link-local address .*which no target may connect to/,
      );
      await expect(new TargetNetworkPolicy(STRICT, resolver).assertAllowed('rebound.example.com')).rejects.toThrow(
        TargetAddressRefusedError,
      );
      await expect(new TargetNetworkPolicy(STRICT, resolver).assertAllowed('hooks.example.com')).resolves.toBeUndefined();
    });

    it("passes the name server's own failure on", async () => {
      const { error } = await lookupWith(new TargetNetworkPolicy(STRICT, resolver), 'nowhere.example.com', {});
      expect(error).toMatchObject({ code: 'ENOTFOUND' });
    });

    it('checks a literal address, for which Node runs no lookup, before connecting', () => {
      const policy = new TargetNetworkPolicy(STRICT, resolver);
      expect(policy.connectionRefusalOf('127.0.0.1')).toBeInstanceOf(TargetAddressRefusedError);
      expect(policy.connectionRefusalOf('::1')).toBeInstanceOf(TargetAddressRefusedError);
      expect(policy.connectionRefusalOf('93.184.216.34')).toBeUndefined();
      // A name is left to the lookup, which sees what it resolves to.
      expect(policy.connectionRefusalOf('rebound.example.com')).toBeUndefined();
    });
  });

  it('finds a refusal inside what a client library made of it: a cause, or a copied code', () => {
    const refusal = new TargetAddressRefusedError('x is a loopback address');
    expect(targetAddressRefusalIn(new Error('connect failed', { cause: new Error('socket', { cause: refusal }) }))).toBe(refusal);
    const restError = Object.assign(new Error('x is a loopback address'), { code: 'ETARGETADDRESSREFUSED' });
    expect(targetAddressRefusalIn(restError)?.message).toBe('x is a loopback address');
    expect(targetAddressRefusalIn(new Error('ECONNREFUSED'))).toBeUndefined();
  });
});
