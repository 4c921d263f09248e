import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, ImportQuery, ImportResult, ItemListQuery, LedgerSheetPage } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';
import { onlyFile } from '../../lib/files/multipart.js';
import { contentDisposition } from '../../lib/files/filename.js';
import { createOrgsRepository } from '../orgs/orgs.repository.js';
import { activeCategories } from '../categories/categories.service.js';
import { createExportService } from './export/export.service.js';
import { createImportService, importLimits } from './import/import.service.js';
import { createLedgerSheetService } from './export/ledger-sheet.js';
import { createThreeListsService } from './export/three-lists.service.js';

const xlsxMime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ledgerIoRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const deps = { db: fastify.db, settings: fastify.settings, today: () => fastify.today(), events: fastify.itemEvents };
  const importer = createImportService(deps);
  // Exports are heavy reads: the replica serves them when it may (db/read-routing.ts).
  const exporterFor = fastify.readDb.routed((db) => createExportService({ ...deps, db, timeZone: fastify.config.timeZone, log: fastify.log }));
  const sheet = createLedgerSheetService({ ...deps, timeZone: fastify.config.timeZone });
  const threeLists = createThreeListsService({ ...deps, log: fastify.log });
  const tags = ['ledger-io'];
  const binary = { 200: Type.Unsafe<Readable | Buffer>({ type: 'string', format: 'binary' }), ...errorResponses };

  fastify.post('/api/items/import', {
    config: { permission: 'items.import', idempotent: true },
    schema: {
      tags,
      summary: '导入 Excel 台账（multipart，文件字段名 file）：dryRun=true 只检查，逐行报告；正式导入全部成功或全部不导入',
      consumes: ['multipart/form-data'],
      querystring: ImportQuery,
      response: { 200: ImportResult, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
    },
    handler: async (request) => {
      if (!request.isMultipart()) throw new AppError('common.unsupported_media_type');
      // A full queue refuses before the upload is read, so a refused client does not send its file for nothing.
      fastify.heavyJobs.assertRoom();
      // The upload goes to disk as it arrives: uploads waiting for their turn hold no memory, and only the running
      // jobs (HEAVY_JOBS_CONCURRENCY) read their file in.
      const dir = await mkdtemp(join(tmpdir(), 'rectify-import-'));
      try {
        const { file, rest } = await onlyFile(request, { limits: { fileSize: Math.min(importLimits.maxBytes, fastify.config.uploadMaxBytes) } });
        if (!file || file.fieldname !== 'file') throw new AppError('import.missing_file');
        const path = join(dir, 'upload.xlsx');
        await pipeline(file.file, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
        // Past the limit the parser stops writing and marks the stream: a cut file is refused, never read.
        if (file.file.truncated) throw new AppError('common.payload_too_large');
        await rest();
        const fileName = file.filename;
        return await fastify.heavyJobs.run(async () => importer.importFile(request.user, { path, fileName, query: request.query }));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  });

  fastify.get('/api/items/import-template.xlsx', {
    config: { permission: 'items.import' },
    schema: { tags, summary: '下载导入模板（含本人范围内的单位、类别下拉选项与填写说明）', response: binary },
    handler: async (request, reply) => {
      const [{ orgs }, { categories }] = await Promise.all([createOrgsRepository({ db: fastify.db }).listUnder({ path: request.user.orgPath }), activeCategories(fastify.db)]);
      // ExcelJS (some 20 MB) loads with the first template asked for, not with the server.
      const { buildTemplate } = await import('./ledger-template.js');
      const buffer = await fastify.heavyJobs.run(() => buildTemplate({ orgNames: orgs.map((o) => o.name), categoryNames: categories.map((c) => c.name), today: fastify.today() }));
      return reply
        .header('content-type', xlsxMime)
        .header('content-disposition', contentDisposition('问题整改台账导入模板.xlsx'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(buffer);
    },
  });

  fastify.get('/api/items/ledger', {
    config: { permission: 'items.read' },
    schema: {
      tags,
      summary: '台账视图：与导出相同的行（措施、进展、佐证材料名称、审核意见、督办情况），与列表相同的筛选与范围，分页；默认按单位排序',
      querystring: ItemListQuery,
      response: { 200: LedgerSheetPage, ...errorResponses },
    },
    handler: async (request) => sheet.page(request.user, request.query),
  });

  fastify.get('/api/items/export.xlsx', {
    config: { permission: 'items.export' },
    schema: { tags, summary: '导出 Excel 台账：与列表相同的筛选与范围，全部页，流式生成', querystring: ItemListQuery, response: binary },
    handler: async (request, reply) => {
      // The slot is held while the workbook streams out, until the stream closes (sent, failed or cut off).
      const release = await fastify.heavyJobs.acquire();
      const opened = await exporterFor(request).open(request.user, request.query).catch((err: unknown) => {
        release();
        throw err;
      });
      const { fileName, stream } = opened;
      stream.once('close', release);
      return reply
        .header('content-type', xlsxMime)
        .header('content-disposition', contentDisposition(fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  });

  fastify.get('/api/items/export-lists.xlsx', {
    config: { permission: 'items.export' },
    schema: { tags, summary: '导出三张清单（问题清单、任务清单、责任清单，有销号事项时另含成果清单）：与列表相同的筛选与范围，流式生成', querystring: ItemListQuery, response: binary },
    handler: async (request, reply) => {
      const release = await fastify.heavyJobs.acquire();
      const opened = await threeLists.open(request.user, request.query).catch((err: unknown) => {
        release();
        throw err;
      });
      opened.stream.once('close', release);
      return reply
        .header('content-type', xlsxMime)
        .header('content-disposition', contentDisposition(opened.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(opened.stream);
    },
  });
};

export default ledgerIoRoutes;
