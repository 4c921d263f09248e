import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.js';
import { OutboundError } from './outbound-error.js';

/** The resolver, replaceable in tests to play a DNS server that answers private addresses. */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** A host written as an address is checked as it stands; a name gives `null` (it has to be resolved first). */
export function checkedLiteral({ host, policy }: { host: string; policy: AddressPolicy }): LookupAddress | null {
  const bare = host.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (!family) return null;
  if (!policy.addressAllowed(bare)) throw new OutboundError('address_not_allowed');
  return { address: bare, family };
}

/**
 * Resolves a host and checks every address it answers. A host whose answers include one internal address is refused
 * as a whole, so that a name answering public and private addresses in turn cannot reach inside either.
 */
export async function resolveChecked({ host, policy, resolver = systemResolver }: { host: string; policy: AddressPolicy; resolver?: Resolver }): Promise<LookupAddress[]> {
  const literal = checkedLiteral({ host, policy });
  if (literal) return [literal];
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  try {
    addresses = await resolver(bare);
  } catch {
    throw new OutboundError('unreachable');
  }
  if (addresses.length === 0) throw new OutboundError('unreachable');
  if (!policy.hostAllowed(bare) && addresses.some((a) => !policy.addressAllowed(a.address))) throw new OutboundError('address_not_allowed');
  return addresses;
}

/**
 * A `lookup` for net/tls connections: the socket connects to exactly the addresses checked here, so a DNS answer that
 * changes between a check and the connection (rebinding) has nothing left to change.
 */
export function checkedLookup({ policy, resolver }: { policy: AddressPolicy; resolver?: Resolver }): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked({ host: hostname, policy, resolver }).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) return callback(new OutboundError('unreachable'), '', 0);
        if (options.all) return (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, wanted);
        callback(null, wanted[0].address, wanted[0].family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}
