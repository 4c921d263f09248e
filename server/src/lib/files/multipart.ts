import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../app-error.js';

type PartsOptions = Parameters<FastifyRequest['parts']>[0];

/**
 * The one file of a multipart request, and `rest()`, which reads what follows it and refuses a second file. The
 * multipart limits allow one file, so the parser skips any further one; unchecked, the second would be dropped in
 * silence while the first was saved. A caller saves the file, calls `rest()`, and only then commits.
 */
export async function onlyFile(request: FastifyRequest, options?: PartsOptions): Promise<{ file: MultipartFile | undefined; rest: () => Promise<void> }> {
  const parts = request.parts(options);
  let file: MultipartFile | undefined;
  for (;;) {
    const { value, done } = await parts.next();
    if (done) break;
    if (value.type === 'file') {
      file = value;
      break;
    }
  }
  async function rest() {
    try {
      for await (const part of parts) if (part.type === 'file') throw new AppError('common.one_file_only');
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_FILES_LIMIT') throw new AppError('common.one_file_only');
      throw err;
    }
  }
  return { file, rest };
}

/** busboy's own errors (a body cut short, a boundary missing, a malformed part) mean the upload did not arrive whole. */
export function uploadError(err: unknown): never {
  if (!(err instanceof AppError) && err instanceof Error && /multipart|Unexpected end|Malformed part|boundary/i.test(err.message)) {
    throw new AppError('evidence.upload_incomplete');
  }
  throw err;
}
