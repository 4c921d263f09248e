/**
 * The canonical ledger (台账) columns, in the order an export writes them, with the other names ledgers give
 * them. `imported: false` columns describe how an item is going (progress, evidence, closure): an export writes
 * them, an import reads past them, because they come from the workflow, not from a spreadsheet.
 */
export type LedgerField =
  | 'seq'
  | 'code'
  | 'org'
  | 'assistOrgs'
  | 'source'
  | 'category'
  | 'title'
  | 'description'
  | 'rootCause'
  | 'target'
  | 'measures'
  | 'leader'
  | 'person'
  | 'deadline'
  | 'workingDays'
  | 'type'
  | 'progress'
  | 'completion'
  | 'completedOn'
  | 'evidence'
  | 'closure'
  | 'reviewOpinion'
  | 'supervision'
  | 'remarks';

export interface LedgerColumn {
  field: LedgerField;
  header: string;
  aliases: string[];
  width: number;
  imported: boolean;
}

export const ledgerColumns: LedgerColumn[] = [
  { field: 'seq', header: '序号', aliases: ['序号', 'No', 'No.', 'NO'], width: 6, imported: false },
  { field: 'code', header: '编号', aliases: ['编号', '问题编号', '事项编号', '台账编号'], width: 16, imported: false },
  { field: 'org', header: '所属单位', aliases: ['所属单位', '单位', '单位名称', '责任单位', '党组织', '所属党组织', '党组织名称', '整改单位', '填报单位', '主办单位', '牵头单位'], width: 24, imported: true },
  // 协办: the other organizations that have a part in the problem, beside the lead (主办, the row's own organization).
  { field: 'assistOrgs', header: '协办单位', aliases: ['协办单位', '协办', '配合单位', '协助单位'], width: 20, imported: true },
  { field: 'source', header: '问题来源', aliases: ['问题来源', '来源'], width: 10, imported: true },
  { field: 'category', header: '问题类别', aliases: ['问题类别', '类别', '问题类型', '问题分类'], width: 12, imported: true },
  { field: 'title', header: '问题标题', aliases: ['问题标题', '问题概述', '标题', '问题名称', '问题简述'], width: 24, imported: true },
  {
    field: 'description',
    header: '问题描述',
    aliases: ['问题描述', '存在问题', '存在的问题', '问题表现', '具体问题', '问题内容', '问题清单', '查摆问题', '主要问题', '问题'],
    width: 48,
    imported: true,
  },
  { field: 'rootCause', header: '原因剖析', aliases: ['原因剖析', '原因分析', '问题原因', '产生原因', '原因'], width: 30, imported: true },
  { field: 'target', header: '整改目标', aliases: ['整改目标', '目标'], width: 30, imported: true },
  { field: 'measures', header: '整改措施', aliases: ['整改措施', '整改举措', '措施', '任务清单', '整改任务', '具体措施', '整改清单'], width: 48, imported: true },
  { field: 'leader', header: '责任领导', aliases: ['责任领导', '分管领导', '牵头领导', '领导'], width: 10, imported: true },
  { field: 'person', header: '责任人', aliases: ['责任人', '具体责任人', '责任人员', '经办人', '联系人'], width: 10, imported: true },
  {
    field: 'deadline',
    header: '整改时限',
    aliases: ['整改时限', '完成时限', '整改期限', '时限', '完成时间', '截止时间', '计划完成时间', '整改时间', '完成期限'],
    width: 13,
    imported: true,
  },
  // A deadline as rules give it ("15个工作日", "自签收之日起15个工作日"), counted from the day of issue or from 签收; the row's date is then what it resolved to.
  { field: 'workingDays', header: '工作日时限', aliases: ['工作日时限', '工作日期限', '整改工作日'], width: 12, imported: true },
  { field: 'type', header: '整改类型', aliases: ['整改类型', '类型', '整改方式', '整改性质'], width: 10, imported: true },
  { field: 'progress', header: '整改进展', aliases: ['整改进展', '进展情况', '整改进度', '进展'], width: 40, imported: false },
  { field: 'completion', header: '完成情况', aliases: ['完成情况', '整改情况', '整改完成情况'], width: 30, imported: false },
  { field: 'completedOn', header: '完成日期', aliases: ['完成日期', '实际完成时间', '实际完成日期'], width: 13, imported: false },
  { field: 'evidence', header: '佐证材料', aliases: ['佐证材料', '整改佐证材料', '佐证', '证明材料'], width: 30, imported: false },
  { field: 'closure', header: '销号情况/日期', aliases: ['销号情况', '销号日期', '是否销号', '销号'], width: 18, imported: false },
  { field: 'reviewOpinion', header: '审核意见', aliases: ['审核意见', '审核情况', '审批意见'], width: 24, imported: false },
  { field: 'supervision', header: '督办情况', aliases: ['督办情况', '督办'], width: 20, imported: false },
  { field: 'remarks', header: '备注', aliases: ['备注', '说明'], width: 20, imported: true },
];

/** The columns a ledger to import may carry (the template's layout). */
export const importColumns = ledgerColumns.filter((c) => c.imported || c.field === 'seq');

const byAlias = new Map(ledgerColumns.flatMap((c) => c.aliases.map((a) => [a, c] as const)));
const longAliases = [...byAlias.keys()].filter((a) => a.length >= 3).sort((a, b) => b.length - a.length);

/** A header cell's meaning: 问题描述（存在问题） and 销号情况/日期 both work; (必填) and * marks are ignored. */
export function matchHeader(raw: string): LedgerColumn | null {
  const bare = raw
    .replace(/\s+/g, '')
    .replace(/[*＊★※]/g, '')
    .replace(/[（(][^）)]*[）)]/g, '');
  const candidates = [bare, ...bare.split(/[/／、]/)].filter(Boolean);
  for (const candidate of candidates) {
    const exact = byAlias.get(candidate);
    if (exact) return exact;
  }
  const inner = /[（(]([^）)]+)[）)]/.exec(raw.replace(/\s+/g, ''))?.[1];
  if (inner && byAlias.get(inner)) return byAlias.get(inner)!;
  // 具体整改措施 names a column; a sentence that happens to mention 问题描述 does not.
  if (bare.length > 12) return null;
  const contained = longAliases.find((alias) => bare.includes(alias));
  return contained ? byAlias.get(contained)! : null;
}
