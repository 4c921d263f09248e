import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressPolicy } from './address-policy.js';
import { OutboundError, toOutboundError } from './outbound-error.js';
import { checkedLiteral, checkedLookup, type Resolver } from './resolve.js';

/** How much of an answer is read: enough for any robot's verdict, too little to matter if a receiver sends gigabytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;
export const OUTBOUND_TIMEOUT_MS = 10_000;

export interface OutboundAnswer {
  status: number;
  /** At most `maxBytes` of the answer. */
  body: Buffer;
  /** The receiver sent more than `maxBytes`; the rest was never read. */
  truncated: boolean;
}

export interface PostInput {
  url: string;
  body: string;
  headers?: Record<string, string>;
  policy: AddressPolicy;
  resolver?: Resolver;
  maxBytes?: number;
  timeoutMs?: number;
}

function readBounded(res: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      const room = maxBytes - size;
      chunks.push(chunk.subarray(0, Math.max(room, 0)));
      size += Math.min(chunk.length, Math.max(room, 0));
      if (chunk.length > room) {
        // Stop reading at once: the socket is closed and nothing more is buffered.
        res.destroy();
        resolve({ body: Buffer.concat(chunks), truncated: true });
      }
    });
    res.on('end', () => resolve({ body: Buffer.concat(chunks), truncated: false }));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new OutboundError('unreachable'));
    });
  });
}

/**
 * POSTs a JSON body to a public address (or one OUTBOUND_ALLOW names). Redirects are answers, never followed; the
 * answer is read up to `maxBytes`; every way of not getting an answer becomes one `OutboundError`.
 */
export async function postJson({ url, body, headers = {}, policy, resolver, maxBytes = MAX_ANSWER_BYTES, timeoutMs = OUTBOUND_TIMEOUT_MS }: PostInput): Promise<OutboundAnswer> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new OutboundError('address_not_allowed');
  // A literal address never reaches `lookup` (net connects to it directly): check it here.
  checkedLiteral({ host: target.hostname, policy });
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = Buffer.from(body, 'utf8');

  return new Promise<OutboundAnswer>((resolve, reject) => {
    const fail = (err: unknown) => reject(toOutboundError(err));
    const req = send(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length), ...headers },
      // A fresh connection each time: no pooled socket outlives the address check that opened it.
      agent: false,
      lookup: checkedLookup({ policy, resolver }),
      timeout: timeoutMs,
    });
    const deadline = setTimeout(() => req.destroy(new OutboundError('unreachable')), timeoutMs);
    req.on('timeout', () => req.destroy(new OutboundError('unreachable')));
    req.on('error', (err) => {
      clearTimeout(deadline);
      fail(err);
    });
    req.on('response', (res) => {
      readBounded(res, maxBytes).then(
        ({ body: answer, truncated }) => {
          clearTimeout(deadline);
          resolve({ status: res.statusCode ?? 0, body: answer, truncated });
        },
        (err: unknown) => {
          clearTimeout(deadline);
          fail(err);
        },
      );
    });
    req.end(payload);
  });
}
