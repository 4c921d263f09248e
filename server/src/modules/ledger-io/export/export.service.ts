import { PassThrough } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { count } from 'drizzle-orm';
import type { ItemListQuery } from '@rectify/shared';
import type { AuthUser } from '../../../plugins/auth.js';
import type { ItemsDeps } from '../../items/items.service.js';
import { itemFilters } from '../../items/items.query.js';
import { items } from '../../items/items.table.js';
import { createOrgsService } from '../../orgs/orgs.service.js';
import { exportRows } from './export.rows.js';
import { writeLedgerWorkbook } from './export.workbook.js';

const filterKeys: Array<keyof ItemListQuery> = ['status', 'light', 'overdue', 'categoryId', 'source', 'type', 'reviewId', 'commonProblemId', 'responsible', 'deadlineFrom', 'deadlineTo', 'q'];

export function createExportService({ db, settings, today, timeZone, log }: Pick<ItemsDeps, 'db' | 'settings' | 'today'> & { timeZone: string; log: FastifyBaseLogger }) {
  const orgsService = createOrgsService({ db });

  return {
    /**
     * The ledger the list would show (same filters, same scope, every page) as an .xlsx stream. Scope and
     * filters are checked before the first byte, so a refusal is still a clean JSON error.
     */
    async open(user: AuthUser, query: ItemListQuery) {
      const scope = query.orgId ? (await orgsService.getScoped(user, query.orgId)).org : { name: user.orgName, path: user.orgPath };
      const day = today();
      const { yellowDays } = await settings.windows(day);
      const light = { today: day, yellowDays };
      const [{ total }] = await db.select({ total: count() }).from(items).where(itemFilters(query, { scopePath: scope.path, light }));
      const filtered = filterKeys.some((key) => query[key] !== undefined);
      const title = `${scope.name}问题整改台账`;
      const subtitle = [
        `导出日期：${day}`,
        `共 ${total} 条${filtered ? '（按筛选条件）' : ''}`,
        `整改时限底色：绿色正常，黄色临期（${yellowDays} 天内到期），红色逾期`,
      ].join('　');
      const stream = new PassThrough();
      // Written while the client reads; a failure half-way can only cut the download short, and is logged.
      void writeLedgerWorkbook(stream, exportRows(db, { query, scopePath: scope.path, light }), { title, subtitle, today: day, timeZone }).catch((err: unknown) => {
        log.error({ err }, 'ledger export failed');
        stream.destroy(err instanceof Error ? err : new Error('export failed'));
      });
      return { fileName: `${title}（${day}）.xlsx`, stream };
    },
  };
}
