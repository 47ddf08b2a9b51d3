import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { addressKindOf, describeRange, parseIpAddress } from './address-kind';
import { TargetAddressRefusedError } from './target-address-refused.error';

/** The module's `networkPolicy` setting, every default filled in. */
export interface NetworkPolicyRules {
  allowPrivateNetworks: boolean;
  allowedHosts: readonly string[];
  echoResponseBodies: boolean;
}

/** Names that never need DNS to say where they lead. */
const LOOPBACK_NAMES = /^(localhost|.+\.localhost)$/;
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Resolves a name to all its addresses, as `dns.lookup` with `all: true` does. */
export type HostResolver = (hostname: string, family: number, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

const resolveWithDnsLookup: HostResolver = (hostname, family, callback) => dnsLookup(hostname, { family, all: true }, callback);

/**
 * Where delivery targets may connect. Every target that opens connections asks it twice: when a
 * config is saved (`refusalOf`, for what the config itself says: a literal address, a well-known
 * name, the allow-list) and when it connects (`lookup` / `assertAllowed`, on the addresses the name
 * resolves to at that moment, so that a name re-pointed at an internal address after it was saved
 * is refused too).
 */
export class TargetNetworkPolicy {
  private readonly allowedNames: string[];
  private readonly allowedDomains: string[];

  constructor(
    readonly rules: NetworkPolicyRules,
    private readonly resolve: HostResolver = resolveWithDnsLookup,
  ) {
    this.allowedNames = rules.allowedHosts.filter((host) => !host.startsWith('*.')).map(normalizeHost);
    this.allowedDomains = rules.allowedHosts.filter((host) => host.startsWith('*.')).map((host) => normalizeHost(host.slice(1)));
  }

  /** Why a host may not be connected to, judged on its name or literal address alone; undefined when it may. */
  refusalOf(host: string): string | undefined {
    const name = normalizeHost(host);
    const outsideAllowList = this.outsideAllowList(name);
    if (outsideAllowList) return outsideAllowList;
    const address = parseIpAddress(name);
    if (address) return this.refusalOfAddress(`${name} is`, address);
    if (METADATA_NAMES.has(name)) return `${name} is a cloud metadata service, which no target may connect to`;
    if (LOOPBACK_NAMES.test(name) && !this.rules.allowPrivateNetworks) {
      return `${name} is a loopback name, which this server's network policy does not allow (networkPolicy.allowPrivateNetworks)`;
    }
    return undefined;
  }

  /** Refuses a host before a client library connects to it on its own: its name, then every address it resolves to now. */
  async assertAllowed(host: string): Promise<void> {
    const refusal = this.refusalOf(host);
    if (refusal) throw new TargetAddressRefusedError(refusal);
    if (parseIpAddress(normalizeHost(host))) return;
    const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
      this.resolve(normalizeHost(host), 0, (error, found) => (error ? reject(error) : resolve(found))),
    );
    this.assertResolvedAllowed(host, addresses);
  }

  /**
   * A `dns.lookup` for `net.connect` / `tls.connect` / an HTTP agent: it resolves as Node would and
   * refuses the connection when the name, or any address it resolves to, is not allowed. (Node calls
   * no lookup for a literal address: `connectionRefusalOf` covers those.)
   */
  readonly lookup = (hostname: string, options: LookupOptions | number | LookupCallback, callback?: LookupCallback): void => {
    const done = (typeof options === 'function' ? options : callback) as LookupCallback;
    const lookupOptions: LookupOptions = typeof options === 'object' ? options : typeof options === 'number' ? { family: options } : {};
    const refusal = this.refusalOf(hostname);
    if (refusal) return done(new TargetAddressRefusedError(refusal), []);
    this.resolve(hostname, familyOf(lookupOptions.family), (error, addresses) => {
      if (error) return done(error, []);
      try {
        this.assertResolvedAllowed(hostname, addresses);
      } catch (refused) {
        return done(refused as TargetAddressRefusedError, []);
      }
      if (lookupOptions.all) return done(null, addresses);
      done(null, addresses[0].address, addresses[0].family);
    });
  };

  /** For a connection about to open to `host`: the refusal when it is a literal address (no lookup runs for it). */
  connectionRefusalOf(host: string): TargetAddressRefusedError | undefined {
    if (isIP(normalizeHost(host)) === 0) return undefined;
    const refusal = this.refusalOf(host);
    return refusal ? new TargetAddressRefusedError(refusal) : undefined;
  }

  private assertResolvedAllowed(host: string, addresses: LookupAddress[]): void {
    for (const { address } of addresses) {
      const parsed = parseIpAddress(address);
      // Never the address itself: the refusal is shown to admins, who need not learn the host's internal DNS.
      const refusal = parsed && this.refusalOfAddress(`${host} resolves to`, parsed);
      if (refusal) throw new TargetAddressRefusedError(refusal);
    }
  }

  private refusalOfAddress(subject: string, address: ReturnType<typeof parseIpAddress> & object): string | undefined {
    const kind = addressKindOf(address);
    if (kind === 'forbidden') return `${subject} ${describeRange(address)}, which no target may connect to`;
    if (kind === 'private' && !this.rules.allowPrivateNetworks) {
      return `${subject} ${describeRange(address)}, which this server's network policy does not allow (networkPolicy.allowPrivateNetworks)`;
    }
    return undefined;
  }

  private outsideAllowList(name: string): string | undefined {
    if (this.rules.allowedHosts.length === 0) return undefined;
    if (this.allowedNames.includes(name) || this.allowedDomains.some((domain) => name.endsWith(domain))) return undefined;
    return `${name} is not one of the hosts this server's network policy allows (networkPolicy.allowedHosts)`;
  }
}

function familyOf(family: LookupOptions['family']): number {
  if (family === 'IPv4' || family === 4) return 4;
  if (family === 'IPv6' || family === 6) return 6;
  return 0;
}

/** Lower case, without IPv6 brackets or the root's trailing dot: `Hooks.Example.com.` is `hooks.example.com`. */
function normalizeHost(host: string): string {
  const trimmed = host.trim().toLowerCase().replace(/\.$/, '');
  const bare = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  const address = parseIpAddress(bare);
  return address ? address.toString() : bare;
}
