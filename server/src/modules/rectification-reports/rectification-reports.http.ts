import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../lib/app-error.js';
import { contentDisposition } from '../../lib/files/filename.js';
import { onlyFile, uploadError } from '../../lib/files/multipart.js';

export const docxMime = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Generated and uploaded files alike go out as attachments, never rendered in the app's origin. */
export function sendFile(reply: FastifyReply, { mime, fileName, body, size }: { mime: string; fileName: string; body: Buffer | Readable; size?: number }) {
  if (size !== undefined) reply.header('content-length', size);
  return reply
    .header('content-type', mime)
    .header('content-disposition', contentDisposition(fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(body);
}

/** The one file of a multipart body, under the field name `file`. */
export async function uploadedFile(request: Parameters<typeof onlyFile>[0]) {
  if (!request.isMultipart()) throw new AppError('common.unsupported_media_type');
  const { file, rest } = await onlyFile(request).catch(uploadError);
  if (!file || file.fieldname !== 'file') throw new AppError('rectification_reports.missing_file');
  return { fileName: file.filename, source: file.file, beforeCommit: rest };
}
