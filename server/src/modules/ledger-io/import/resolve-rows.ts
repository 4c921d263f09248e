import {
  itemSourceLabels,
  itemSources,
  itemTypeLabels,
  itemTypes,
  type ImportIssue,
  type ImportIssueCode,
  type ImportRow,
  type ItemSource,
  type ItemType,
  type MeasureInput,
  type WorkingCalendar,
} from '@rectify/shared';
import type { AuthUser } from '../../../plugins/auth.js';
import { pathInScope } from '../../../lib/scope.js';
import type { NewItem } from '../../items-bulk/items-bulk.js';
import { titleFrom } from '../../items/items.mapper.js';
import { readDate, serialToDate } from '../ledger-dates.js';
import { parseMeasures } from '../ledger-measures.js';
import { formatWorkingDays, readWorkingDays, splitOrgNames } from '../ledger-working-days.js';
import type { LedgerField } from '../ledger-columns.js';
import type { CellValue } from '../xlsx/xlsx-reader.js';
import { issue, type RawRow } from './raw-rows.js';
import { cellText } from './sheet-layout.js';

export interface ImportOrg {
  id: number;
  name: string;
  shortName: string;
  path: string;
}

export interface ResolveContext {
  user: AuthUser;
  today: string;
  defaultSource: ItemSource | null;
  review: { id: number; committeePath: string } | null;
  /** Organizations in the caller's scope by full name and by short name (both may be shared). */
  orgsByName: Map<string, ImportOrg[]>;
  orgsByShortName: Map<string, ImportOrg[]>;
  /** The organization a sheet belongs to, found from its name or title; null when none. */
  sheetOrg: Map<string, ImportOrg | null>;
  categories: Map<string, number>;
  fileName: string;
  /** The working-day calendar a 工作日时限 resolves with, from the day of issue (today). */
  calendar: WorkingCalendar;
}

const sourceWords: Record<ItemSource, string[]> = {
  review: ['述职评议', '点评', '点评意见', '工委点评', '评议', '述职'],
  self_inspection: ['自查自检', '自查', '查摆', '自我查摆', '对照检查', '自身查找'],
  mass_opinion: ['征求意见', '群众意见', '群众反映'],
  inspection: ['巡察反馈', '巡视反馈', '巡察', '巡视', '督查反馈', '督查'],
  special_check: ['专项督查', '专项整治', '专项'],
  higher_feedback: ['上级督导', '上级检查', '上级指出'],
};
const sources = new Map<string, ItemSource>(
  itemSources.flatMap((s) => [[s, s] as const, [itemSourceLabels[s], s] as const, ...sourceWords[s].map((w) => [w, s] as const)]),
);
const types = new Map<string, ItemType>([
  ...itemTypes.flatMap((t) => [[t, t] as const, [itemTypeLabels[t], t] as const]),
  ['立即整改', 'immediate'],
  ['即知即改', 'immediate'],
  ['限期', 'deadline'],
  ['长期', 'long_term'],
  ['长期整改', 'long_term'],
  ['持续整改', 'long_term'],
]);

const limits: Partial<Record<LedgerField, number>> = { title: 200, description: 5000, rootCause: 5000, target: 2000, remarks: 2000, leader: 64, person: 64 };

/** A cell as text for a text field; a date cell becomes its day. */
function textOf(value: CellValue | undefined): string {
  if (value?.kind === 'date') return serialToDate(value.serial);
  return cellText(value);
}

export interface ResolvedRow {
  result: ImportRow;
  item: NewItem | null;
  issues: ImportIssue[];
}

type Report = (field: LedgerField, code: ImportIssueCode, value?: string) => void;

/** An issue pinned to a row and to the column of one of its fields. */
export function cellIssue(raw: RawRow, field: LedgerField, code: ImportIssueCode, value?: string): ImportIssue {
  const col = raw.cells[field]?.col ?? raw.columns.get(field) ?? null;
  return issue(code, { sheet: raw.sheet, row: raw.row, col, header: col ? (raw.headers.get(col) ?? null) : null, value });
}

/** Turns one raw row into an item to create, or into the reasons it cannot be one. */
export function resolveRow(raw: RawRow, ctx: ResolveContext): ResolvedRow {
  const issues: ImportIssue[] = [];
  const at: Report = (field, code, value) => issues.push(cellIssue(raw, field, code, value));
  const text = (field: LedgerField): string | null => {
    const cell = raw.cells[field];
    if (cell?.value.kind === 'formula_without_value') return at(field, 'formula_without_value', `=${cell.value.formula}`), null;
    if (cell?.value.kind === 'error') return at(field, 'cell_error', cell.value.text), null;
    const value = textOf(cell?.value);
    const max = limits[field];
    if (max && value.length > max) return at(field, 'too_long', `${value.length} 字 > ${max}`), null;
    return value || null;
  };

  const warnings: string[] = [];
  const description = text('description');
  if (!description && issues.length === 0) at('description', 'required');

  const org = resolveOrg(raw, ctx, at);
  const assistOrgIds = org ? resolveAssists(raw, ctx, org, at) : [];
  const deadlineCell = raw.cells.deadline?.value;
  const workingCell = raw.cells.workingDays?.value;
  let deadline: string | null = null;
  let longTerm = false;
  let working: NewItem['working'] = null;
  // The 工作日时限 column, or 整改时限 written as "15个工作日内": the date is then the calendar's answer, not the cell's.
  const workingReading =
    workingCell?.kind === 'formula_without_value'
      ? (at('workingDays', 'formula_without_value', `=${workingCell.formula}`), null)
      : (readWorkingDays(workingCell, { loose: true }) ?? (deadlineCell?.kind === 'text' ? readWorkingDays(deadlineCell, { loose: false }) : null));
  if (workingReading && 'error' in workingReading) at('workingDays', 'working_days_invalid', textOf(workingCell));
  else if (workingReading) {
    const { date, missingYears } = ctx.calendar.addWorkingDays({ from: ctx.today, days: workingReading.days });
    deadline = date;
    const { days, basis } = workingReading;
    working = { days, from: ctx.today, provisional: missingYears.length > 0, basis };
    const asked = formatWorkingDays(days, basis);
    // A year without a calendar is never counted as if it had no holidays: the date is marked provisional.
    if (missingYears.length > 0) warnings.push(`${missingYears.join('、')} 年的工作日历尚未载入：${asked}暂按周末休息推算为 ${date}，载入后自动重算`);
    // Counted from 签收, the date is known only when the organization signs for the item; until then it is counted from today.
    if (basis === 'acknowledge') warnings.push(`${asked}：签收前暂按今天（${ctx.today}）签收推算为 ${date}，签收时按签收之日重算`);
    const given = readDate(deadlineCell, ctx.today);
    if (given && 'date' in given && given.date !== date) warnings.push(`整改时限 ${given.date} 与${asked}（自 ${ctx.today} 起算）不一致，按工作日时限取 ${date}`);
  } else if (deadlineCell?.kind === 'formula_without_value') at('deadline', 'formula_without_value', `=${deadlineCell.formula}`);
  else {
    const reading = readDate(deadlineCell, ctx.today);
    if (!reading) at('deadline', 'required');
    else if ('error' in reading) at('deadline', 'date_invalid', textOf(deadlineCell));
    else {
      deadline = reading.date;
      longTerm = !!reading.longTerm;
      if (reading.warning) warnings.push(reading.warning);
      // Often a ledger carried over from last year: the row is still imported, but starts out overdue.
      if (deadline < ctx.today) warnings.push(`整改时限 ${deadline} 已过（今天 ${ctx.today}），导入后即为逾期`);
    }
  }

  const sourceText = text('source');
  let source: ItemSource | null = sourceText ? (sources.get(sourceText.replace(/\s+/g, '')) ?? null) : ctx.defaultSource;
  if (sourceText && !source) at('source', 'source_unknown', sourceText);
  else if (!source) at('source', 'source_required');
  if (source && ctx.user.role === 'branch' && source !== 'self_inspection') {
    at('source', 'source_not_allowed', sourceText ?? source);
    source = null;
  }

  const typeText = text('type');
  const type: ItemType | null = typeText ? (types.get(typeText.replace(/\s+/g, '')) ?? null) : longTerm ? 'long_term' : 'deadline';
  if (typeText && !type) at('type', 'type_unknown', typeText);

  const categoryText = text('category');
  const categoryId = categoryText ? (ctx.categories.get(categoryText.replace(/\s+/g, '')) ?? null) : null;
  if (categoryText && !categoryId) at('category', 'category_unknown', categoryText);

  const measures = measuresOf(raw, at);
  if (org && ctx.review && !pathInScope(ctx.review.committeePath, org.path)) at('org', 'review_org_mismatch', org.name);

  const title = text('title');
  const values = {
    rootCause: text('rootCause'),
    target: text('target'),
    responsibleLeader: text('leader'),
    responsiblePerson: text('person'),
    remarks: text('remarks'),
  };
  const result: ImportRow = {
    sheet: raw.sheet,
    row: raw.row,
    ok: issues.length === 0,
    orgId: org?.id ?? null,
    orgName: org?.name ?? null,
    source,
    categoryId,
    title: title ?? (description ? titleFrom(description) : ''),
    deadline,
    ...(working ? { deadlineWorkingDays: working.days, deadlineBasis: working.basis, deadlineProvisional: working.provisional } : {}),
    type,
    measureCount: measures.length,
    warnings,
  };
  if (issues.length > 0 || !org || !description || !deadline || !source || !type) return { result: { ...result, ok: false }, item: null, issues };
  return {
    result,
    issues,
    item: {
      org,
      source,
      reviewId: ctx.review?.id ?? null,
      categoryId,
      title,
      description,
      ...values,
      deadline,
      working,
      assistOrgIds,
      type,
      measures,
      historyData: { import: { file: ctx.fileName, sheet: raw.sheet, row: raw.row } },
    },
  };
}

/** The row's own organization, or the one its sheet belongs to. */
function resolveOrg(raw: RawRow, ctx: ResolveContext, at: Report): ImportOrg | null {
  const name = cellText(raw.cells.org?.value).replace(/\s+/g, '');
  if (!name) {
    const fromSheet = ctx.sheetOrg.get(raw.sheet);
    if (!fromSheet) at('org', 'org_missing');
    return fromSheet ?? null;
  }
  const byName = ctx.orgsByName.get(name) ?? [];
  const candidates = byName.length > 0 ? byName : (ctx.orgsByShortName.get(name) ?? []);
  if (candidates.length === 1) return candidates[0];
  at('org', candidates.length === 0 ? 'org_unknown' : 'org_ambiguous', name);
  return null;
}

const committeeOf = (path: string) => path.split('/')[1];

/** The row's assisting organizations (协办): each a name in the caller's scope, in the lead's committee, not the lead. */
function resolveAssists(raw: RawRow, ctx: ResolveContext, lead: ImportOrg, at: Report): number[] {
  const ids: number[] = [];
  for (const name of splitOrgNames(cellText(raw.cells.assistOrgs?.value))) {
    const byName = ctx.orgsByName.get(name) ?? [];
    const candidates = (byName.length > 0 ? byName : (ctx.orgsByShortName.get(name) ?? [])).filter((o) => committeeOf(o.path) === committeeOf(lead.path));
    if (candidates.length !== 1) at('assistOrgs', candidates.length === 0 ? 'assist_org_unknown' : 'org_ambiguous', name);
    else if (candidates[0].id === lead.id) at('assistOrgs', 'assist_org_is_lead', name);
    else if (!ids.includes(candidates[0].id)) ids.push(candidates[0].id);
  }
  return ids;
}

/** As many measures as a problem entered in the app may have (the API's schemas say the same). */
export const maxMeasures = 50;

export function measuresOf(raw: RawRow, at: Report): MeasureInput[] {
  const cell = raw.cells.measures;
  if (!cell) return [];
  if (cell.value.kind === 'formula_without_value') return at('measures', 'formula_without_value', `=${cell.value.formula}`), [];
  const measures = parseMeasures(textOf(cell.value));
  if (measures.length > maxMeasures) return at('measures', 'too_many_measures', `${measures.length} 条 > ${maxMeasures}`), [];
  if (measures.some((m) => m.content.length > 2000)) return at('measures', 'too_long'), [];
  return measures;
}
