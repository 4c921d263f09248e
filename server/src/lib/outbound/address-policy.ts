import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses outbound requests (robots, webhooks, mail) may go to: public unicast addresses only, plus what the
 * operator allows in OUTBOUND_ALLOW (host names, single addresses, CIDR ranges).
 */
export interface AddressPolicy {
  /** True when the operator allowed this host name itself: whatever it resolves to may be reached. */
  hostAllowed(host: string): boolean;
  /** True when an address (as connected to, after DNS) is public or in an allowed range. */
  addressAllowed(address: string): boolean;
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

// Every global unicast IPv6 address lies in 2000::/3; anything outside it (IPv4-compatible ::a.b.c.d, ::/8 …) is refused.
const globalUnicastV6 = ipaddr.parseCIDR('2000::/3');

const normalizeHost = (host: string) => host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = normalizeHost(address).replace(/%.*$/, '');
  if (!isIP(bare)) return null;
  return ipaddr.process(bare);
}

/** Public means the unicast ranges ipaddr.js names no special purpose for (private, loopback, link-local, reserved …). */
export function isPublicAddress(address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed || parsed.range() !== 'unicast') return false;
  return parsed.kind() === 'ipv4' || (parsed as ipaddr.IPv6).match(globalUnicastV6 as [ipaddr.IPv6, number]);
}

const isCidrOrAddress = (entry: string) =>
  ipaddr.IPv4.isValidFourPartDecimal(entry) || ipaddr.IPv6.isValid(entry) || ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) || ipaddr.IPv6.isValidCIDR(entry);

const hostNamePattern = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Reads OUTBOUND_ALLOW: comma-separated host names, addresses and CIDR ranges; a malformed entry stops start-up. */
export function parseOutboundAllow(raw: string | undefined): string[] {
  const entries = (raw ?? '').split(',').map(normalizeHost).filter(Boolean);
  for (const entry of entries) {
    if (!isCidrOrAddress(entry) && !hostNamePattern.test(entry)) throw new Error(`OUTBOUND_ALLOW: "${entry}" is neither a host name, an address nor a CIDR range`);
  }
  return entries;
}

export function createAddressPolicy({ allow = [] }: { allow?: readonly string[] } = {}): AddressPolicy {
  const hosts = new Set<string>();
  const ranges: Range[] = [];
  for (const entry of allow.map(normalizeHost)) {
    if (entry.includes('/')) ranges.push(ipaddr.parseCIDR(entry));
    else if (isIP(entry)) {
      const parsed = ipaddr.process(entry);
      ranges.push([parsed, parsed.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(entry);
  }

  return {
    hostAllowed: (host) => hosts.has(normalizeHost(host)),
    addressAllowed(address) {
      if (isPublicAddress(address)) return true;
      const parsed = parseAddress(address);
      return !!parsed && ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits));
    },
  };
}

/**
 * A host that is internal as written — an address in any notation a URL accepts (2130706433, 127.1, [::ffff:7f00:1])
 * or a localhost name — and not allowed. Names are only judged when they are used, on the address they resolve to.
 */
export function internalAtSight({ host, policy }: { host: string; policy: AddressPolicy }): boolean {
  let hostname: string;
  try {
    hostname = new URL(`http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`).hostname;
  } catch {
    return false;
  }
  const bare = normalizeHost(hostname);
  if (policy.hostAllowed(bare)) return false;
  if (isIP(bare)) return !policy.addressAllowed(bare);
  return bare === 'localhost' || bare.endsWith('.localhost');
}
