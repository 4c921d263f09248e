import { describe, expect, it } from 'vitest';
import { createAddressPolicy, internalAtSight, isPublicAddress, parseOutboundAllow } from './address-policy.js';

const internal = [
  '169.254.169.254', // cloud metadata
  '10.0.0.1',
  '172.16.5.4',
  '192.168.1.1',
  '127.0.0.1',
  '127.8.9.10',
  '0.0.0.0',
  '100.64.0.1', // carrier-grade NAT
  '198.18.0.1',
  '224.0.0.1',
  '255.255.255.255',
  '::1',
  '::',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::ffff:10.0.0.1',
  '::ffff:169.254.169.254',
  '::7f00:1', // IPv4-compatible, deprecated
  'fe80::1',
  'fe80::1%eth0',
  'fc00::1',
  'fd12:3456::1',
  'fec0::1',
  '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
  '2002:7f00:1::1', // 6to4 of 127.0.0.1
  '2001:db8::1',
  'ff02::1',
];
const publicAddresses = ['8.8.8.8', '1.1.1.1', '106.11.248.1', '2606:4700:4700::1111', '2400:3200::1', '::ffff:8.8.8.8'];

describe('outbound address policy', () => {
  it('when an address is internal, reserved or wraps one, it is not public', () => {
    for (const address of internal) expect(isPublicAddress(address), address).toBe(false);
    expect(isPublicAddress('not-an-address')).toBe(false);
  });

  it('when an address is public unicast, it is allowed without any configuration', () => {
    const policy = createAddressPolicy();
    for (const address of publicAddresses) expect(policy.addressAllowed(address), address).toBe(true);
    for (const address of internal) expect(policy.addressAllowed(address), address).toBe(false);
  });

  it('when the operator allows ranges and hosts, exactly those are let through', () => {
    const policy = createAddressPolicy({ allow: parseOutboundAllow(' 10.20.0.0/16, 127.0.0.1 ,Hooks.Intranet.Example., fd00:1::/32') });
    expect(policy.addressAllowed('10.20.3.4')).toBe(true);
    expect(policy.addressAllowed('::ffff:10.20.3.4')).toBe(true);
    expect(policy.addressAllowed('10.21.0.1')).toBe(false);
    expect(policy.addressAllowed('127.0.0.1')).toBe(true);
    expect(policy.addressAllowed('127.0.0.2')).toBe(false);
    expect(policy.addressAllowed('fd00:1::5')).toBe(true);
    expect(policy.addressAllowed('fd00:2::5')).toBe(false);
    expect(policy.hostAllowed('hooks.intranet.example')).toBe(true);
    expect(policy.hostAllowed('HOOKS.intranet.example.')).toBe(true);
    expect(policy.hostAllowed('other.intranet.example')).toBe(false);
  });

  it('when OUTBOUND_ALLOW holds something that is neither host, address nor range, start-up stops', () => {
    expect(parseOutboundAllow(undefined)).toEqual([]);
    expect(parseOutboundAllow('')).toEqual([]);
    expect(() => parseOutboundAllow('10.0.0.0/33')).toThrow(/OUTBOUND_ALLOW/);
    expect(() => parseOutboundAllow('http://x.example/')).toThrow(/OUTBOUND_ALLOW/);
    expect(() => parseOutboundAllow('a b')).toThrow(/OUTBOUND_ALLOW/);
  });

  it('when a host is internal as written, in any notation a URL accepts, it is refused at sight unless allowed', () => {
    const policy = createAddressPolicy();
    for (const host of ['169.254.169.254', '10.0.0.1', 'localhost', 'LOCALHOST.', 'api.localhost', '127.1', '2130706433', '0x7f000001', '0177.0.0.1', '[::1]', '::1', '[::ffff:127.0.0.1]', '::ffff:7f00:1']) {
      expect(internalAtSight({ host, policy }), host).toBe(true);
    }
    for (const host of ['oapi.dingtalk.com', 'smtp.example.org', '8.8.8.8', 'intranet-name-resolved-later']) expect(internalAtSight({ host, policy }), host).toBe(false);
    const allowing = createAddressPolicy({ allow: ['127.0.0.1', 'localhost'] });
    expect(internalAtSight({ host: '127.1', policy: allowing })).toBe(false);
    expect(internalAtSight({ host: 'localhost', policy: allowing })).toBe(false);
    expect(internalAtSight({ host: '10.0.0.1', policy: allowing })).toBe(true);
  });
});
