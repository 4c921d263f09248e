import { createHmac } from 'node:crypto';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Builds a JWT by hand, so tests can present tokens the app itself would never sign. */
export function craftJwt({ header = { alg: 'HS256', typ: 'JWT' }, payload, secret }: { header?: Record<string, unknown>; payload: Record<string, unknown>; secret?: string }) {
  const head = `${b64(header)}.${b64(payload)}`;
  const signature = secret ? createHmac('sha256', secret).update(head).digest('base64url') : '';
  return `${head}.${signature}`;
}
