import { PassThrough } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { and, count, eq } from 'drizzle-orm';
import type { ItemListQuery } from '@rectify/shared';
import type { AuthUser } from '../../../plugins/auth.js';
import type { ItemsDeps } from '../../items/items.service.js';
import { itemFilters } from '../../items/items.query.js';
import { items } from '../../items/items.table.js';
import { createOrgsService } from '../../orgs/orgs.service.js';
import { exportRows } from './export.rows.js';
import { writeThreeListsWorkbook } from './three-lists.workbook.js';

/** 三张清单 (and 成果清单) of the ledger the list shows: same filters, same scope, every page, streamed. */
export function createThreeListsService({ db, settings, today, log }: Pick<ItemsDeps, 'db' | 'settings' | 'today'> & { log: FastifyBaseLogger }) {
  const orgsService = createOrgsService({ db });

  return {
    /** Scope and filters are checked, and the counts taken, before the first byte, so a refusal is a clean JSON error. */
    async open(user: AuthUser, query: ItemListQuery) {
      const scope = query.orgId ? (await orgsService.getScoped(user, query.orgId)).org : { name: user.orgName, path: user.orgPath };
      const day = today();
      const light = { today: day, yellowDays: (await settings.get()).yellowDays };
      const where = itemFilters(query, { scopePath: scope.path, light });
      const [[{ total }], [{ closed }]] = await Promise.all([
        db.select({ total: count() }).from(items).where(where),
        db.select({ closed: count() }).from(items).where(and(where, eq(items.status, 'closed'))),
      ]);
      const title = `${scope.name}问题整改三张清单`;
      const subtitle = `导出日期：${day}　共 ${total} 个问题，已销号 ${closed} 个`;
      const stream = new PassThrough();
      void writeThreeListsWorkbook(stream, () => exportRows(db, { query, scopePath: scope.path, light }), { title, subtitle, hasClosed: closed > 0 }).catch((err: unknown) => {
        log.error({ err }, 'three lists export failed');
        stream.destroy(err instanceof Error ? err : new Error('export failed'));
      });
      return { fileName: `${title}（${day}）.xlsx`, stream };
    },
  };
}
