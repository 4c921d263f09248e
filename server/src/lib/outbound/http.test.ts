import { afterEach, describe, expect, it } from 'vitest';
import { startFloodingReceiver, startHttpReceiver } from '../../modules/notifications/receivers.test-helpers.js';
import { createAddressPolicy } from './address-policy.js';
import { MAX_ANSWER_BYTES, postJson } from './http.js';
import { OutboundError } from './outbound-error.js';
import type { Resolver } from './resolve.js';

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered',
    (err: unknown) => (err instanceof OutboundError ? err.failure : `other: ${String(err)}`),
  );

/** A DNS server under the test's control: every name answers the given addresses. */
const dnsAnswering = (...addresses: string[]): Resolver => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('outbound HTTP', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const receiver = async (...args: Parameters<typeof startHttpReceiver>) => {
    const started = await startHttpReceiver(...args);
    closers.push(started.close);
    return started;
  };

  it('when a URL names an internal address in any notation, nothing is sent to it', async () => {
    const local = await receiver([{ status: 200, body: { errcode: 0 } }]);
    const policy = createAddressPolicy();
    const urls = [
      `http://127.0.0.1:${local.port}/`,
      `http://127.1:${local.port}/`,
      `http://2130706433:${local.port}/`,
      `http://0x7f000001:${local.port}/`,
      `http://0177.0.0.1:${local.port}/`,
      `http://[::ffff:127.0.0.1]:${local.port}/`,
      `http://localhost:${local.port}/`,
      `http://[::1]:${local.port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
    ];
    for (const url of urls) expect(await failureOf(postJson({ url, body: '{}', policy })), url).toBe('address_not_allowed');
    expect(local.requests).toHaveLength(0);
  });

  it('when DNS answers a private address, or a private one among public ones, the name is refused', async () => {
    const local = await receiver([{ status: 200, body: {} }]);
    const policy = createAddressPolicy();
    const url = `http://intranet.example:${local.port}/hook`;
    expect(await failureOf(postJson({ url, body: '{}', policy, resolver: dnsAnswering('127.0.0.1') }))).toBe('address_not_allowed');
    expect(await failureOf(postJson({ url, body: '{}', policy, resolver: dnsAnswering('8.8.8.8', '127.0.0.1') }))).toBe('address_not_allowed');
    expect(await failureOf(postJson({ url, body: '{}', policy, resolver: dnsAnswering('::ffff:127.0.0.1') }))).toBe('address_not_allowed');
    expect(local.requests).toHaveLength(0);
  });

  it('when the operator allows an address, a name resolving to it is reached at exactly the address that was checked', async () => {
    const local = await receiver([{ status: 204, body: '' }]);
    const policy = createAddressPolicy({ allow: ['127.0.0.1'] });
    const answer = await postJson({ url: `http://intranet.example:${local.port}/hook`, body: '{"a":1}', policy, resolver: dnsAnswering('127.0.0.1') });
    expect(answer.status).toBe(204);
    expect(local.requests).toHaveLength(1);
    expect(local.requests[0].headers.host).toBe(`intranet.example:${local.port}`);
    expect(local.requests[0].body).toBe('{"a":1}');
  });

  it('when a receiver answers with a redirect, the redirect is the answer and its target is never asked', async () => {
    const target = await receiver([{ status: 200, body: { errcode: 0 } }], { host: '127.0.0.2' });
    const redirecting = await receiver([{ status: 302, body: '', headers: { location: `${target.url}/stolen` } }]);
    for (const allow of [['127.0.0.1'], ['127.0.0.1', '127.0.0.2']]) {
      const answer = await postJson({ url: `${redirecting.url}/hook`, body: '{}', policy: createAddressPolicy({ allow }) });
      expect(answer.status).toBe(302);
    }
    expect(redirecting.requests).toHaveLength(2);
    expect(target.requests).toHaveLength(0);
  });

  it('when a receiver sends 200 MB, only the first 64 KB are read and the rest is never taken in', async () => {
    const total = 200 * 1024 * 1024;
    const flood = await startFloodingReceiver(total);
    closers.push(flood.close);
    const answer = await postJson({ url: flood.url, body: '{}', policy: createAddressPolicy({ allow: ['127.0.0.1'] }) });
    expect(answer).toMatchObject({ status: 200, truncated: true });
    expect(answer.body.length).toBe(MAX_ANSWER_BYTES);
    // What the server got to write is bounded by the socket buffers, not by the answer's size.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(flood.written()).toBeLessThan(32 * 1024 * 1024);
  });

  it('when nothing answers, a closed port, a silent one and an unknown name fail alike', async () => {
    const policy = createAddressPolicy({ allow: ['127.0.0.1'] });
    const closed = await startHttpReceiver([{ status: 200, body: {} }]);
    await closed.close();
    expect(await failureOf(postJson({ url: closed.url, body: '{}', policy }))).toBe('unreachable');
    const silent = await receiver([{ status: 200, body: {} }]);
    // The receiver answers only after the whole body; a body that never ends leaves it silent.
    expect(await failureOf(postJson({ url: silent.url, body: '{}', headers: { 'content-length': '10' }, policy, timeoutMs: 200 }))).toBe('unreachable');
    const noDns: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await failureOf(postJson({ url: 'http://nowhere.example/', body: '{}', policy, resolver: noDns }))).toBe('unreachable');
    expect(await failureOf(postJson({ url: 'ftp://files.example/', body: '{}', policy }))).toBe('address_not_allowed');
  });
});
