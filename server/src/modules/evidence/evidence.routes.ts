import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { combineRanges, parse as parseRange } from 'range-parser';
import { Type } from 'typebox';
import { errorResponses, Id, IdParams, ItemDetail, ItemEvidenceParams, Strict } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';
import { contentDisposition } from '../../lib/files/filename.js';
import { onlyFile, uploadError } from '../../lib/files/multipart.js';
import { thumbnailMime } from '../../lib/files/thumbnail.js';
import { createItemsService } from '../items/items.service.js';
import type { ByteRange } from '../../lib/storage/storage.js';
import { servedFileName } from './evidence.repository.js';
import { createEvidenceService } from './evidence.service.js';

/**
 * The one byte range a download asks for, or null for the whole file: no Range header, a malformed one, several
 * ranges (a whole file is a valid answer to those), or an If-Range naming another version (the ETag is the
 * SHA-256). A range wholly beyond the end is 416.
 */
function requestedRange({ headers }: FastifyRequest, reply: FastifyReply, { size, sha256 }: { size: number; sha256: string }): ByteRange | null {
  const header = headers.range;
  if (!header) return null;
  const ifRange = headers['if-range'];
  // A file's content never changes under its id, but a client may hold a validator from elsewhere.
  if (ifRange !== undefined && ifRange !== `"${sha256}"`) return null;
  const parsed = parseRange(size, header);
  if (parsed.code & 1 || parsed.type !== 'bytes') return null;
  const ranges = combineRanges(parsed.ranges);
  if (ranges.length === 0) {
    if (size === 0) return null;
    reply.header('content-range', `bytes */${size}`);
    throw new AppError('evidence.range_not_satisfiable');
  }
  return ranges.length === 1 ? { start: ranges[0].start, end: ranges[0].end } : null;
}

const evidenceRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const items = createItemsService({ db: fastify.db, settings: fastify.settings, today: () => fastify.today(), events: fastify.itemEvents });
  const service = createEvidenceService({ db: fastify.db, storage: fastify.storage, items, events: fastify.itemEvents, maxBytes: fastify.config.uploadMaxBytes, log: fastify.log });
  const tags = ['evidence'];
  const binary = { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }), ...errorResponses };

  fastify.post('/api/items/:id/evidence', {
    config: { permission: 'evidence.write', idempotent: true },
    schema: {
      tags,
      summary: '上传整改佐证材料（multipart，文件字段名 file；类型按内容识别；带 recheckId 时为回头看巩固说明的新佐证）',
      consumes: ['multipart/form-data'],
      params: IdParams,
      querystring: Strict({ progressId: Type.Optional(Id), measureId: Type.Optional(Id), recheckId: Type.Optional(Id) }),
      response: { 201: Type.Object({ evidenceId: Type.Integer(), item: ItemDetail }), 413: errorResponses[400], 415: errorResponses[400], 507: errorResponses[400], ...errorResponses },
    },
    handler: async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('common.unsupported_media_type');
      const itemId = request.params.id;
      await service.assertCanUpload(request.user, itemId, request.query);
      const { file, rest } = await onlyFile(request).catch(uploadError);
      if (!file || file.fieldname !== 'file') throw new AppError('evidence.missing_file');
      const { id } = await service
        .upload(request.user, { itemId, ...request.query, fileName: file.filename, source: file.file, beforeCommit: rest })
        .catch(uploadError);
      return reply.status(201).send({ evidenceId: id, item: await items.detail(request.user, itemId) });
    },
  });

  fastify.delete('/api/items/:id/evidence/:evidenceId', {
    config: { permission: 'evidence.write' },
    schema: { tags, summary: '移除佐证材料（留痕，文件保留）', params: ItemEvidenceParams, response: { 200: ItemDetail, ...errorResponses } },
    handler: async (request) => {
      await service.remove(request.user, { itemId: request.params.id, evidenceId: request.params.evidenceId });
      return items.detail(request.user, request.params.id);
    },
  });

  fastify.get('/api/evidence/:id/download', {
    config: { permission: 'evidence.read' },
    schema: {
      tags,
      summary: '下载佐证材料（始终作为附件；原文件名，扩展名按识别出的类型；支持单个 Range 断点续传）',
      params: IdParams,
      response: { ...binary, 206: binary[200], 416: errorResponses[400] },
    },
    handler: async (request, reply) => {
      const { evidence, range, stream } = await service.open(request.user, request.params.id, 'file', (file) => requestedRange(request, reply, file));
      if (range) reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${evidence.size}`);
      // Never rendered in the app's origin: an attachment, no sniffing, and a sandbox if a browser opens it anyway.
      return reply
        .header('content-type', evidence.mime)
        .header('content-length', range ? range.end - range.start + 1 : evidence.size)
        .header('accept-ranges', 'bytes')
        .header('etag', `"${evidence.sha256}"`)
        .header('content-disposition', contentDisposition(servedFileName(evidence)))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  });

  fastify.get('/api/evidence/:id/thumbnail', {
    config: { permission: 'evidence.read' },
    schema: { tags, summary: '图片佐证材料的缩略图（服务器生成的 WebP）', params: IdParams, response: binary },
    handler: async (request, reply) => {
      const { stream } = await service.open(request.user, request.params.id, 'thumbnail');
      return reply
        .header('content-type', thumbnailMime)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(stream);
    },
  });

  // Leftovers of interrupted uploads: swept at start-up and every hour, touching only files older than the minimum age.
  const sweep = () =>
    service.sweep({ olderThanMs: fastify.config.evidenceSweepMinAgeMs }).then(
      (result) => fastify.log.info({ removedTemp: result.removedTempFiles, removedOrphans: result.removedOrphans.length }, 'evidence sweep'),
      (err) => fastify.log.warn({ err }, 'evidence sweep failed'),
    );
  fastify.decorate('sweepEvidence', (olderThanMs: number) => service.sweep({ olderThanMs }));
  if (fastify.config.sweepEvidence) {
    fastify.addHook('onReady', async () => {
      void sweep();
      const timer = setInterval(() => void sweep(), 3600_000);
      timer.unref();
      fastify.addHook('onClose', async () => clearInterval(timer));
    });
  }
};

declare module 'fastify' {
  interface FastifyInstance {
    sweepEvidence(olderThanMs: number): ReturnType<ReturnType<typeof createEvidenceService>['sweep']>;
  }
}

// Not encapsulated, so that the sweep decorator is visible on the app.
export default fp(evidenceRoutes, { name: 'evidence-routes', dependencies: ['storage', 'db'] });
