import { open } from 'node:fs/promises';
import { and, sql } from 'drizzle-orm';
import type { ImportIssue, ImportQuery, ImportResult } from '@rectify/shared';
import { activeCategories } from '../../categories/categories.service.js';
import { AppError } from '../../../lib/app-error.js';
import { assertSafeZip } from '../../../lib/files/detect.js';
import { isFileError } from '../../../lib/files/errors.js';
import { underPath } from '../../../lib/scope.js';
import type { AuthUser } from '../../../plugins/auth.js';
import { insertItemsBulk } from '../../items-bulk/items-bulk.js';
import type { ItemsDeps } from '../../items/items.service.js';
import { orgs } from '../../orgs/orgs.table.js';
import { findLinkableReview } from '../../reviews/reviews.link.js';
import { timeSlicer } from '../xlsx/time-slice.js';
import { readXlsx, type ReadLimits } from '../xlsx/xlsx-reader.js';
import { loadWorkingCalendar } from '../../calendar/calendar.store.js';
import { splitOrgNames } from '../ledger-working-days.js';
import { collectRows, type RawRow } from './raw-rows.js';
import { cellIssue, maxMeasures, measuresOf, resolveRow, type ImportOrg, type ResolveContext, type ResolvedRow } from './resolve-rows.js';

export const importLimits: ReadLimits & { maxBytes: number; maxErrors: number } = {
  maxBytes: 20 * 1024 * 1024,
  maxDataRows: 20_000,
  // Ledgers often carry thousands of bordered empty rows below the data; a million of them is refused.
  maxScannedRows: 200_000,
  maxColumns: 100,
  // A ledger merges its organization, description and deadline cells over each problem's measure rows: a few
  // ranges per problem. Fifty thousand is far more than 20,000 rows need.
  maxMerges: 50_000,
  // Some 1,500 characters for each of 20,000 rows; holding this much text costs about 60 MB.
  maxTextChars: 30_000_000,
  maxErrors: 1_000,
};

const zipLimits = { maxEntries: 500, maxUncompressedBytes: 150 * 1024 * 1024 };
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The first bytes of an upload, from memory or from the file it was streamed to. */
async function head(source: Buffer | string): Promise<Buffer> {
  if (typeof source !== 'string') return source.subarray(0, 4);
  const file = await open(source, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4), 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Refuses anything that is not an .xlsx package before a byte of it is inflated. */
async function checkPackage(source: Buffer | string) {
  const notXlsx = (reason: string) => new AppError('import.not_xlsx', { details: { reason } });
  const magic = await head(source);
  if (magic.length === 0) throw notXlsx('empty_file');
  if (magic.toString('latin1') !== 'PK\x03\x04') throw notXlsx('not_a_zip');
  const { entries } = await assertSafeZip(source, zipLimits).catch((err: unknown) => {
    if (isFileError(err, 'evidence.type_not_allowed')) throw notXlsx('malformed_zip');
    throw err;
  });
  if (!entries.some((e) => e.name.toLowerCase() === 'xl/workbook.xml')) throw notXlsx('no_workbook');
}

async function readPackage(source: Buffer | string, slicer: ReturnType<typeof timeSlicer>) {
  try {
    return await readXlsx(source, importLimits, slicer);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Broken XML or a damaged entry: the file is not a workbook we can read.
    throw new AppError('import.not_xlsx', { details: { reason: 'unreadable' } });
  }
}

export function createImportService({ db, today, events }: Pick<ItemsDeps, 'db' | 'today' | 'events'>) {
  async function orgLookup(user: AuthUser, rows: RawRow[]) {
    const names = new Set<string>();
    for (const row of rows) {
      const cell = row.cells.org?.value;
      if (cell?.kind === 'text') names.add(squeeze(cell.text));
      const assists = row.cells.assistOrgs?.value;
      if (assists?.kind === 'text') for (const name of splitOrgNames(assists.text)) names.add(name);
      names.add(squeeze(row.sheet));
    }
    const found = await db
      .select({ id: orgs.id, name: orgs.name, shortName: orgs.shortName, path: orgs.path })
      .from(orgs)
      .where(
        and(
          underPath(orgs.path, user.orgPath),
          sql`(regexp_replace(${orgs.name}, '\\s', '', 'g') = ANY(${sql.param([...names])}::text[])
            OR regexp_replace(${orgs.shortName}, '\\s', '', 'g') = ANY(${sql.param([...names])}::text[]))`,
        ),
      );
    const group = (key: (o: ImportOrg) => string) => {
      const map = new Map<string, ImportOrg[]>();
      for (const org of found) map.set(squeeze(key(org)), [...(map.get(squeeze(key(org))) ?? []), org]);
      return map;
    };
    return { orgsByName: group((o) => o.name), orgsByShortName: group((o) => o.shortName) };
  }

  /** A sheet named after an organization, or titled with its full name (公安局党委问题整改台账), belongs to it. */
  async function sheetOrgs(user: AuthUser, rows: RawRow[], lookup: Pick<ResolveContext, 'orgsByName' | 'orgsByShortName'>) {
    const result = new Map<string, ImportOrg | null>();
    for (const row of rows) {
      if (result.has(row.sheet)) continue;
      const name = squeeze(row.sheet);
      const named = lookup.orgsByName.get(name) ?? lookup.orgsByShortName.get(name) ?? [];
      if (named.length === 1) {
        result.set(row.sheet, named[0]);
        continue;
      }
      const title = squeeze(row.sheetOrgHint.title);
      const titled = title
        ? await db
            .select({ id: orgs.id, name: orgs.name, shortName: orgs.shortName, path: orgs.path })
            .from(orgs)
            .where(and(underPath(orgs.path, user.orgPath), sql`strpos(${title}, regexp_replace(${orgs.name}, '\\s', '', 'g')) > 0`))
            .orderBy(sql`length(${orgs.name}) DESC`)
            .limit(2)
        : [];
      const unique = titled.length === 1 || (titled.length === 2 && titled[0].name.length > titled[1].name.length);
      result.set(row.sheet, unique ? titled[0] : null);
    }
    return result;
  }

  async function reviewFor(user: AuthUser, reviewId: number | undefined) {
    if (!reviewId) return null;
    // A review the caller cannot see is refused exactly like one that does not exist; each row's organization
    // must then lie under the committee that held it (resolve-rows).
    const row = await findLinkableReview({ db, reviewId, scopePath: user.orgPath });
    if (!row) throw new AppError('items.review_invalid');
    return row;
  }

  /**
   * Re-importing a ledger, or a row someone already entered by hand, would open the same problem twice: a row whose
   * organization already has an item (not cancelled) with the same description says so, with that item's code.
   * A warning, not an error: the committee may mean to issue it again.
   */
  async function warnAboutDuplicates(rows: ResolvedRow[]) {
    const candidates = rows.filter((r) => r.item);
    if (candidates.length === 0) return;
    const found = await db.execute<{ org_id: number; description: string; code: string }>(sql`
      SELECT i.org_id, i.description, min(i.code) AS code
      FROM unnest(${sql.param(candidates.map((r) => r.item!.org.id))}::int[], ${sql.param(candidates.map((r) => r.item!.description.trim()))}::text[]) AS r(org_id, description)
      JOIN items i ON i.org_id = r.org_id AND i.description = r.description AND i.status <> 'cancelled'
      GROUP BY i.org_id, i.description`);
    const existing = new Map(found.rows.map((f) => [`${f.org_id}\u0000${f.description}`, f.code]));
    for (const row of candidates) {
      const code = existing.get(`${row.item!.org.id}\u0000${row.item!.description.trim()}`);
      if (!code) continue;
      row.result.warnings.push(`该单位已有相同问题的事项 ${code}，导入将重复建账`);
      row.result.existing = { code };
    }
  }

  return {
    /**
     * Checks an .xlsx ledger row by row; unless it is a dry run and only when every row is sound, creates all its
     * items in one transaction. A dry run answers the same report without writing anything. The file is read from
     * `path` (an upload streamed to disk) or from `buffer`; the work runs in short slices, so other requests are
     * answered while a large file is checked.
     */
    async importFile(
      user: AuthUser,
      { buffer, path, fileName, query }: ({ buffer: Buffer; path?: undefined } | { path: string; buffer?: undefined }) & { fileName: string; query: ImportQuery },
    ): Promise<ImportResult> {
      const source = path ?? buffer;
      const slicer = timeSlicer();
      await checkPackage(source);
      const { sheets } = await readPackage(source, slicer);
      const collected = await collectRows(sheets, slicer);
      const review = await reviewFor(user, query.reviewId);
      const lookup = await orgLookup(user, collected.rows);
      const { categories: active } = await activeCategories(db);
      const ctx: ResolveContext = {
        user,
        today: today(),
        defaultSource: query.source ?? (query.reviewId ? 'review' : user.role === 'branch' ? 'self_inspection' : null),
        review,
        ...lookup,
        sheetOrg: await sheetOrgs(user, collected.rows, lookup),
        categories: new Map(active.map((c) => [squeeze(c.name), c.id])),
        fileName,
        calendar: await loadWorkingCalendar(db),
      };

      const resolved: Array<ResolvedRow & { raw: RawRow }> = [];
      const issues: ImportIssue[] = [...collected.issues];
      const byRow = new Map<string, ResolvedRow>();
      /** Problems already reported for having too many measures, so that each is named once. */
      const overMeasured = new Set<ResolvedRow>();
      for (const raw of collected.rows) {
        await slicer.pause();
        const master = raw.continuationOf !== null ? byRow.get(`${raw.sheet}:${raw.continuationOf}`) : undefined;
        if (master) {
          // A row under a merged problem description adds its measures to that problem, within the same limit
          // as a problem entered in the app.
          const rowIssues: ImportIssue[] = [];
          const extra = measuresOf(raw, (field, code, value) => rowIssues.push(cellIssue(raw, field, code, value)));
          const total = master.result.measureCount + extra.length;
          if (total > maxMeasures) {
            if (!overMeasured.has(master)) rowIssues.push(cellIssue(raw, 'measures', 'too_many_measures', `合计超过 ${maxMeasures} 条（问题在第 ${master.result.row} 行）`));
            overMeasured.add(master);
          } else {
            master.item?.measures?.push(...extra);
            master.result.measureCount = total;
          }
          issues.push(...rowIssues);
          if (rowIssues.length) master.result.ok = false;
          continue;
        }
        const row = resolveRow(raw, ctx);
        byRow.set(`${raw.sheet}:${raw.row}`, row);
        resolved.push({ ...row, raw });
        issues.push(...row.issues);
      }

      await warnAboutDuplicates(resolved);

      const result: ImportResult = {
        dryRun: !!query.dryRun,
        ok: issues.length === 0,
        rowCount: resolved.length,
        created: 0,
        errorCount: issues.length,
        errors: issues.slice(0, importLimits.maxErrors),
        sheets: collected.sheets,
        rows: resolved.map((r) => r.result),
      };
      if (query.dryRun) return result;
      if (!result.ok) throw new AppError('import.invalid_rows', { details: result });

      const { created } = await db.transaction((tx) =>
        insertItemsBulk(tx, { items: resolved.map((r) => r.item!), actor: user, year: today().slice(0, 4), events }),
      );
      created.forEach((c, i) => Object.assign(result.rows[i], { itemId: c.id, code: c.code }));
      return { ...result, created: created.length };
    },
  };
}
