import { PassThrough, type Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { auditActionLabel, type AuditExportQuery, type AuditListQuery } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createXlsxWriter, type Cell } from '../ledger-io/xlsx/xlsx-writer.js';
import { localTime } from '../jobs/jobs.scheduler.js';
import { orgs } from '../orgs/orgs.table.js';
import { createAuditRepository, type AuditFilter } from './audit.repository.js';

/** An export stops here: a longer period is exported in parts. */
export const exportRowCap = 100_000;
const exportBatch = 2000;

const header = ['时间', '用户名', '姓名', '组织', '操作', '对象', 'IP 地址', '浏览器', '状态'];
const widths = [20, 16, 12, 24, 24, 14, 16, 40, 8];

export function createAuditService({ db, timeZone }: { db: Db; timeZone: string }) {
  const repo = createAuditRepository({ db });

  /** The caller's scope and the organization filter, which must lie in it (a sub-committee administrator's subtree). */
  async function filterFor(actor: AuthUser, query: AuditExportQuery): Promise<AuditFilter> {
    const { orgId, ...rest } = query;
    const scopePath = actor.atTopCommittee ? null : actor.orgPath;
    let orgPath: string | undefined;
    if (orgId !== undefined) {
      const [org] = await db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, orgId));
      if (!org || (scopePath && !pathInScope(scopePath, org.path))) throw new AppError('orgs.not_found');
      orgPath = org.path;
    }
    return { ...rest, scopePath, orgPath, timeZone };
  }

  const stamp = (at: Date) => {
    const local = localTime(at, timeZone);
    return `${local.date} ${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}:${String(at.getUTCSeconds()).padStart(2, '0')}`;
  };

  return {
    async list(actor: AuthUser, query: AuditListQuery) {
      const { page = 1, pageSize = 20, ...filters } = query;
      const { rows, total } = await repo.page(await filterFor(actor, filters), { page, pageSize });
      return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total };
    },

    /** The workbook streams out batch by batch, newest first, up to `exportRowCap` records. */
    async export(actor: AuthUser, query: AuditExportQuery): Promise<{ fileName: string; stream: Readable }> {
      const filter = await filterFor(actor, query);
      const output = new PassThrough();
      const fileName = `${query.kind === 'login' ? '登录日志' : '操作日志'}_${localTime(new Date(), timeZone).date}.xlsx`;
      void (async () => {
        const sheet = await createXlsxWriter(output, { sheetName: query.kind === 'login' ? '登录日志' : '操作日志', widths, frozenRows: 1, headerRow: 1, mergedRows: [] });
        await sheet.addRow(header.map((text): Cell => ({ text, style: 'header' })));
        let written = 0;
        let beforeId: number | null = null;
        while (written < exportRowCap) {
          const rows = await repo.batch(filter, beforeId, Math.min(exportBatch, exportRowCap - written));
          for (const r of rows) {
            const target = r.targetType ? `${r.targetType}${r.targetId ? ` #${r.targetId}` : ''}` : '';
            await sheet.addRow([stamp(r.at), r.username ?? '', r.displayName ?? '', r.orgName ?? '', auditActionLabel(r.action), target, r.ip ?? '', r.userAgent ?? ''].map((text): Cell => ({ text })).concat({ number: r.status }));
          }
          written += rows.length;
          if (rows.length === 0) break;
          beforeId = rows[rows.length - 1].id;
        }
        await sheet.finish();
        output.end();
      })().catch((err: unknown) => output.destroy(err as Error));
      return { fileName, stream: output };
    },
  };
}
