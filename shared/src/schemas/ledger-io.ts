import { Type, type Static } from 'typebox';
import { Id, Strict } from './common.js';
import { DeadlineBasisSchema, ItemSourceSchema, ItemStatusSchema, ItemTypeSchema, LightSchema } from './items.js';

/** Import of an .xlsx ledger: a dry run reports, row by row, what would be created and everything wrong. */
export const ImportQuery = Strict({
  dryRun: Type.Optional(Type.Boolean({ description: 'check only; nothing is written' })),
  reviewId: Type.Optional(Id),
  source: Type.Optional(ItemSourceSchema),
});

/** What can be wrong with a file, a sheet or a cell; the web translates `import.${code}`, `message` is the fallback. */
export const importIssueMessages = {
  empty: '文件中没有可导入的数据行',
  no_header: '没有找到表头行（须包含“问题描述/存在问题”和“整改时限”等列）',
  missing_column: '缺少必需的列',
  duplicate_column: '同一列名出现多次，无法判断以哪一列为准',
  required: '必填项为空',
  too_long: '内容超过长度上限',
  date_invalid: '日期无法识别（可写 2026-08-31、2026年8月31日、2026/8/31、8月底，或使用 Excel 日期）',
  formula_without_value: '单元格是公式且没有计算结果，请在 Excel 中另存为数值后再导入',
  cell_error: '单元格是错误值（如 #REF!、#N/A）',
  org_unknown: '所属单位不存在或不在您的管辖范围内',
  org_ambiguous: '单位简称对应多个组织，请填写全称',
  org_missing: '未填写所属单位，且无法从工作表名称或标题判断',
  source_unknown: '问题来源无法识别',
  source_required: '未填写问题来源（可在导入时选择默认来源）',
  source_not_allowed: '党组织只能导入自身查摆发现的问题',
  category_unknown: '问题类别不存在或已停用',
  type_unknown: '整改类型无法识别（立行立改、限期整改、长期坚持）',
  review_org_mismatch: '该单位不在所选评议的工委范围内',
  too_many_measures: '整改措施超过 50 条',
  working_days_invalid: '工作日时限无法识别（可写“15个工作日”或 15，为 1～250 个工作日）',
  assist_org_unknown: '协办单位不存在、不在您的管辖范围内或不属于主办单位所在的工委（多个单位用“、”分隔）',
  assist_org_is_lead: '协办单位不能是主办单位（所属单位）本身',
} as const;
export type ImportIssueCode = keyof typeof importIssueMessages;

export const ImportIssue = Type.Object({
  code: Type.String({ description: 'a key of importIssueMessages' }),
  message: Type.String(),
  sheet: Type.Union([Type.String(), Type.Null()]),
  row: Type.Union([Type.Integer(), Type.Null()], { description: 'the spreadsheet row number, 1-based' }),
  column: Type.Union([Type.String(), Type.Null()], { description: 'the column letter, e.g. M' }),
  header: Type.Union([Type.String(), Type.Null()], { description: 'the header text of that column' }),
  value: Type.Optional(Type.String({ description: 'what the cell held, shortened' })),
});

export const ImportRow = Type.Object({
  sheet: Type.String(),
  row: Type.Integer(),
  ok: Type.Boolean(),
  orgId: Type.Union([Type.Integer(), Type.Null()]),
  orgName: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([ItemSourceSchema, Type.Null()]),
  categoryId: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.String(),
  deadline: Type.Union([Type.String(), Type.Null()]),
  deadlineWorkingDays: Type.Optional(Type.Integer({ description: '工作日时限: the row asked for this many working days from the day of import; `deadline` is what they resolved to' })),
  deadlineBasis: Type.Optional(DeadlineBasisSchema),
  deadlineProvisional: Type.Optional(Type.Boolean({ description: 'the working days run into a year with no calendar loaded' })),
  type: Type.Union([ItemTypeSchema, Type.Null()]),
  measureCount: Type.Integer(),
  warnings: Type.Array(Type.String(), { description: 'what was read in a way worth checking, e.g. 8月底 → 2026-08-31' }),
  existing: Type.Optional(
    Type.Object({ code: Type.String() }, { description: '已建账: the organization already has an item (not cancelled) with the same description' }),
  ),
  /** After a real run: the item created from this row. */
  itemId: Type.Optional(Type.Integer()),
  code: Type.Optional(Type.String()),
});

export const ImportColumn = Type.Object({
  column: Type.String(),
  header: Type.String(),
  field: Type.Union([Type.String(), Type.Null()], { description: 'the ledger field it maps to; null when not recognised' }),
  imported: Type.Boolean({ description: 'false for columns the import reads past (export-only columns such as 整改进展)' }),
});

export const ImportSheet = Type.Object({
  name: Type.String(),
  headerRow: Type.Union([Type.Integer(), Type.Null()]),
  dataRows: Type.Integer(),
  skipped: Type.Union([Type.String(), Type.Null()], { description: 'why the sheet was not read, if it was not' }),
  columns: Type.Array(ImportColumn),
});

export const ImportResult = Type.Object({
  dryRun: Type.Boolean(),
  ok: Type.Boolean({ description: 'true when every row can be created' }),
  rowCount: Type.Integer(),
  created: Type.Integer(),
  errorCount: Type.Integer(),
  errors: Type.Array(ImportIssue, { description: 'every problem, in sheet and row order (the first 1,000 when there are more)' }),
  sheets: Type.Array(ImportSheet),
  rows: Type.Array(ImportRow),
});

export type ImportQuery = Static<typeof ImportQuery>;
export type ImportIssue = Static<typeof ImportIssue>;
export type ImportRow = Static<typeof ImportRow>;
export type ImportColumn = Static<typeof ImportColumn>;
export type ImportSheet = Static<typeof ImportSheet>;
export type ImportResult = Static<typeof ImportResult>;

/**
 * What the 督办情况 column says of an item, as facts rather than words: the export writes them in Chinese with
 * `supervisionLines`, the web in the reader's language, and both from the same facts.
 */
export const SupervisionFact = Type.Union([
  Type.Object({ kind: Type.Literal('extended'), count: Type.Integer(), originalDeadline: Type.String() }),
  Type.Object({ kind: Type.Literal('extensionPending'), deadline: Type.String() }),
  Type.Object({ kind: Type.Literal('overdue'), days: Type.Integer() }),
  Type.Object({ kind: Type.Literal('dueSoon'), days: Type.Integer() }),
  Type.Object({ kind: Type.Literal('noticeIssued'), day: Type.String(), number: Type.Union([Type.String(), Type.Null()]) }),
  Type.Object({ kind: Type.Literal('noticeReplied'), day: Type.String(), number: Type.Union([Type.String(), Type.Null()]) }),
]);

const NullableText = Type.Union([Type.String(), Type.Null()]);

/** One item as a row of the 台账: what the Excel export writes of it, before it is put into words. */
export const LedgerSheetRow = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  assistOrgs: Type.Optional(Type.Array(Type.String(), { description: '协办: the assisting organizations, beside the lead (主办)' })),
  source: ItemSourceSchema,
  categoryName: NullableText,
  title: Type.String(),
  description: Type.String(),
  rootCause: NullableText,
  target: NullableText,
  measures: Type.Array(Type.Object({ content: Type.String(), responsiblePerson: NullableText, deadline: NullableText })),
  responsibleLeader: NullableText,
  responsiblePerson: NullableText,
  deadline: Type.String(),
  deadlineWorkingDays: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: '工作日时限 as asked; `deadline` is what it resolved to' })),
  deadlineBasis: Type.Optional(Type.Union([DeadlineBasisSchema, Type.Null()], { description: 'the working days count from issue (交办) or from 签收' })),
  deadlineProvisional: Type.Optional(Type.Boolean()),
  extensionCount: Type.Integer(),
  type: ItemTypeSchema,
  status: ItemStatusSchema,
  light: Type.Union([LightSchema, Type.Null()]),
  progress: Type.Array(Type.Object({ entryDate: Type.String(), content: Type.String(), percent: Type.Union([Type.Integer(), Type.Null()]) }), { description: 'oldest first' }),
  completionNote: NullableText,
  completedOn: NullableText,
  evidence: Type.Array(Type.String(), { description: 'the names of the evidence files' }),
  closedOn: NullableText,
  closedLate: Type.Union([Type.Boolean(), Type.Null()]),
  opinion: Type.Union([Type.Object({ action: Type.Union([Type.Literal('approve_closure'), Type.Literal('reject_closure')]), comment: NullableText }), Type.Null()], {
    description: 'the last decision on a closure request',
  }),
  supervision: Type.Array(SupervisionFact),
  remarks: NullableText,
});

export const LedgerSheetPage = Type.Object({ rows: Type.Array(LedgerSheetRow), total: Type.Integer() });

export type SupervisionFact = Static<typeof SupervisionFact>;
export type LedgerSheetRow = Static<typeof LedgerSheetRow>;
export type LedgerSheetPage = Static<typeof LedgerSheetPage>;

/** The 督办情况 column in Chinese, a line a fact: what the export writes and the Chinese screen shows. */
export function supervisionLines(facts: readonly SupervisionFact[]): string[] {
  return facts.map((fact) => {
    switch (fact.kind) {
      case 'extended':
        return `已延期 ${fact.count} 次（原定 ${fact.originalDeadline}）`;
      case 'extensionPending':
        return `延期申请待审批（申请至 ${fact.deadline}）`;
      case 'overdue':
        return `逾期 ${fact.days} 天`;
      case 'dueSoon':
        return `临期，距时限 ${fact.days} 天`;
      case 'noticeIssued':
        return `${fact.day} 下发督办单${fact.number ? ` ${fact.number}` : ''}`;
      case 'noticeReplied':
        return `${fact.day} 回复督办单${fact.number ? ` ${fact.number}` : ''}`;
    }
  });
}
