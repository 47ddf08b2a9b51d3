import ipaddr from 'ipaddr.js';

/**
 * What an address is, for the network policy: `public` (any unicast address on the internet),
 * `private` (loopback, RFC 1918, carrier-grade NAT, unique-local IPv6: the host's own networks) or
 * `forbidden` (link-local, where cloud metadata services answer, and every address that is not a
 * unicast destination at all).
 */
export type AddressKind = 'public' | 'private' | 'forbidden';

const PRIVATE_RANGES = new Set(['loopback', 'private', 'carrierGradeNat', 'uniqueLocal']);

/** Metadata services outside the link-local range (AWS over IPv6, Alibaba Cloud). */
const METADATA_ADDRESSES = new Set(['fd00:ec2::254', '100.100.100.200']);

/** `address` as ipaddr.js reads it, or undefined when it is not an IP address. */
export function parseIpAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return undefined;
  // IPv4 written in IPv6 (::ffff:127.0.0.1) is the IPv4 address.
  return ipaddr.process(bare);
}

export function addressKindOf(address: ipaddr.IPv4 | ipaddr.IPv6): AddressKind {
  const embedded = embeddedIpv4(address);
  if (embedded) return addressKindOf(embedded);
  if (METADATA_ADDRESSES.has(address.toNormalizedString()) || METADATA_ADDRESSES.has(address.toString())) return 'forbidden';
  const range = address.range();
  if (range === 'unicast') return 'public';
  return PRIVATE_RANGES.has(range) ? 'private' : 'forbidden';
}

/** How each kind of address is named in a refusal. */
export function describeRange(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  const embedded = embeddedIpv4(address);
  if (embedded) return describeRange(embedded);
  if (METADATA_ADDRESSES.has(address.toString())) return 'a cloud metadata address';
  const names: Record<string, string> = {
    loopback: 'a loopback address',
    private: 'a private address',
    carrierGradeNat: 'a carrier-grade NAT address',
    uniqueLocal: 'a unique-local address',
    linkLocal: 'a link-local address (where cloud metadata services answer)',
    unspecified: 'the unspecified address',
  };
  return names[address.range()] ?? `a ${address.range()} address`;
}

/** The IPv4 address an IPv6 translation prefix carries (NAT64 64:ff9b::/96, 6to4 2002::/16): it is where packets go. */
function embeddedIpv4(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (address.kind() !== 'ipv6') return undefined;
  const bytes = address.toByteArray();
  const range = address.range();
  if (range === 'rfc6052') return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return undefined;
}
