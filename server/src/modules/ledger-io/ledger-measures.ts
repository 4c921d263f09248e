import { measureStatusLabels, type MeasureInput, type MeasureStatus } from '@rectify/shared';

const statusOfLabel = new Map(Object.entries(measureStatusLabels).map(([status, label]) => [label, status as MeasureStatus]));

/**
 * Measures in one cell, one per line: `1. 内容（责任人：张明；完成时限：2026-10-31；状态：推进中）`, the state left out
 * while 未开始. An import reads the same shape back (files written before states were kept still read); a line that
 * does not start with a number continues the measure above it.
 */
export function formatMeasures(measures: Array<{ content: string; responsiblePerson: string | null; deadline: string | null; status?: string | null }>): string {
  return measures
    .map((m, i) => {
      const state = m.status && m.status !== 'not_started' ? measureStatusLabels[m.status as MeasureStatus] : null;
      const extras = [m.responsiblePerson ? `责任人：${m.responsiblePerson}` : null, m.deadline ? `完成时限：${m.deadline}` : null, state ? `状态：${state}` : null].filter(Boolean);
      return `${i + 1}. ${m.content}${extras.length ? `（${extras.join('；')}）` : ''}`;
    })
    .join('\n');
}

const numbered = /^\s*(?:\d{1,2}[.．、)）]|[（(]\d{1,2}[）)]|[\u2460-\u2473])\s*/;
const suffix = /（(?:责任人：([^；）]*))?(?:；)?(?:完成时限：(\d{4}-\d{2}-\d{2}))?(?:；)?(?:状态：(未开始|推进中|已完成))?）\s*$/;

export function parseMeasures(cell: string): MeasureInput[] {
  // 1.建立台账；2.每月检查 on one line: the semicolons only separated the measures.
  const text = cell
    .replace(/\r\n?/g, '\n')
    .replace(/[；;]\s*(?=\d{1,2}[.．、](?!\d))/g, '\n')
    .replace(/。\s*(?=\d{1,2}[.．、](?!\d))/g, '。\n')
    .trim();
  if (!text) return [];
  const lines = text.split('\n');
  const blocks: string[] = [];
  for (const line of lines) {
    if (blocks.length === 0 || numbered.test(line)) blocks.push(line.replace(numbered, ''));
    else blocks[blocks.length - 1] += `\n${line}`;
  }
  return blocks
    .map((block) => {
      const m = suffix.exec(block);
      if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return { content: block.trim() };
      const status = m[3] ? statusOfLabel.get(m[3]) : undefined;
      return { content: block.slice(0, m.index).trim(), responsiblePerson: m[1]?.trim() || null, deadline: m[2] ?? null, ...(status ? { status } : {}) };
    })
    .filter((m) => m.content.length > 0);
}
