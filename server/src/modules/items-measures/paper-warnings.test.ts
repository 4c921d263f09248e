import { describe, expect, it } from 'vitest';
import { containment, normalise, paperWarnings, REPEAT_THRESHOLD, type WarningInput } from './paper-warnings.js';

const measures = [
  { id: 1, seq: 1, content: '一是制定支部学习计划，每月开展一次集中学习' },
  { id: 2, seq: 2, content: '二是落实三会一课制度，建立会议记录台账' },
];
const base: WarningInput = {
  measures,
  evidence: [
    { measureId: 1, createdAt: '2026-03-01T02:00:00Z' },
    { measureId: 2, createdAt: '2026-03-10T02:00:00Z' },
  ],
  completionNote: '三月以来共开展集中学习三次，参学率百分之九十五，会议记录经书记签字归档，党员测试平均分八十八分。',
  requestedAt: '2026-03-20T02:00:00Z',
  deadline: '2026-03-31',
  timeZone: 'Asia/Shanghai',
};
const kinds = (input: WarningInput) => paperWarnings(input).map((w) => w.kind);

describe('paperWarnings', () => {
  it('when every measure has evidence, the statement reports results and the evidence came in over weeks, it warns of nothing', () => {
    expect(paperWarnings(base)).toEqual([]);
  });

  it('when a measure has no evidence pointing at it, it names that measure by number and text', () => {
    const warnings = paperWarnings({ ...base, evidence: [base.evidence[0]] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'measure_without_evidence', params: { seq: 2 } });
    expect(warnings[0].message).toContain('第2项措施「二是落实三会一课制度，建立会议记录台账」');
  });

  it('when the closure statement restates the measures, it warns with the share it found repeated', () => {
    const note = '制定了支部学习计划，每月开展一次集中学习；落实三会一课制度，建立了会议记录台账。';
    const [warning] = paperWarnings({ ...base, completionNote: note });
    expect(warning.kind).toBe('statement_repeats_measures');
    expect(Number(warning.params.percent)).toBeGreaterThanOrEqual(REPEAT_THRESHOLD * 100);
    expect(warning.message).toContain(`${warning.params.percent}%`);
  });

  it('when the statement is too short to judge, it does not call it a repeat', () => {
    expect(kinds({ ...base, completionNote: '学习计划' })).toEqual([]);
  });

  it('when all evidence was uploaded within a day before the request, it says how many and from when', () => {
    const evidence = [
      { measureId: 1, createdAt: '2026-03-19T05:00:00Z' },
      { measureId: 2, createdAt: '2026-03-20T01:00:00Z' },
    ];
    const warnings = paperWarnings({ ...base, evidence });
    expect(warnings.map((w) => w.kind)).toEqual(['evidence_just_before_request']);
    expect(warnings[0].params).toEqual({ count: 2, first: '2026-03-19' });
  });

  it('when one file came earlier than the day before, the timing does not warn', () => {
    expect(kinds({ ...base, evidence: [{ measureId: 1, createdAt: '2026-03-18T01:00:00Z' }, { measureId: 2, createdAt: '2026-03-20T01:00:00Z' }] })).toEqual([]);
  });

  it('when all evidence came after the deadline (a day in the committee time zone), it names the deadline', () => {
    const evidence = [{ measureId: 1, createdAt: '2026-03-31T17:00:00Z' }, { measureId: 2, createdAt: '2026-04-02T02:00:00Z' }];
    const warnings = paperWarnings({ ...base, evidence, requestedAt: '2026-04-10T02:00:00Z' });
    expect(warnings.map((w) => w.kind)).toEqual(['evidence_after_deadline']);
    expect(warnings[0].params).toEqual({ count: 2, deadline: '2026-03-31', first: '2026-04-01' });
  });

  it('when an item has no measures and no evidence, it has nothing to compare and warns of nothing', () => {
    expect(paperWarnings({ ...base, measures: [], evidence: [] })).toEqual([]);
  });
});

describe('containment', () => {
  it('when the statement is the measures with enumerators and punctuation dropped, it scores 1', () => {
    expect(normalise('一是制定计划。（二）落实制度；3.检查')).toBe('制定计划落实制度检查');
    expect(containment('制定支部学习计划每月开展一次集中学习', measures[0].content)).toBe(1);
  });

  it('when the statement shares no pair of characters, it scores 0', () => {
    expect(containment('参学率百分之九十五', '建立会议记录台账')).toBe(0);
  });
});
