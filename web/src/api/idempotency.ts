/** The header the API reads on creating requests: a retry with the same key gets the first answer, not a second row. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** POSTs that create something; the client gives each one a key unless the caller brings its own. */
const creating = [/^\/api\/items$/, /^\/api\/items\/batch$/, /^\/api\/items\/\d+\/(progress|evidence)$/, /^\/api\/notices$/, /^\/api\/reviews\/\d+\/items$/, /^\/api\/items\/import$/];

export function isCreatingRequest(method: string, path: string): boolean {
  return method === 'POST' && creating.some((pattern) => pattern.test(path));
}

/**
 * A random UUID. `crypto.randomUUID` exists only in secure contexts, and intranet deployments often serve plain
 * HTTP, so the key is built from `getRandomValues`, which every context has.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One key per action a form submits: a double click or a resend after a lost answer carries the same key, so the
 * server creates once. The key is renewed once the server has answered for good (success or a refusal, which it
 * does not keep), and kept after a network failure or a 5xx, when the first send may still have been saved.
 */
export function createSubmitKey() {
  let key = newIdempotencyKey();
  return {
    get value() {
      return key;
    },
    /** Call when the submit ends; pass the error if it failed. */
    settle(error?: unknown) {
      const status = (error as { status?: number } | undefined)?.status;
      const maybeSaved = status === 0 || (status !== undefined && status >= 500) || (error as { code?: string } | undefined)?.code === 'common.idempotency_in_progress';
      if (!maybeSaved) key = newIdempotencyKey();
    },
  };
}
