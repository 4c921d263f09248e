import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/app-error.js';
import { unfinishedMeasures } from './items-measures.closure.js';

const measures = [
  { id: 11, seq: 1, content: '制定学习计划', status: 'done' },
  { id: 12, seq: 2, content: '落实三会一课制度，建立会议记录台账并每月检查一次', status: 'in_progress' },
  { id: 13, seq: 3, content: '开展谈心谈话', status: 'not_started' },
];

describe('unfinishedMeasures', () => {
  it('when every measure is done, it lets the request through with nothing unfinished', () => {
    expect(unfinishedMeasures({ measures: measures.map((m) => ({ ...m, status: 'done' })) })).toEqual({ unfinished: [] });
  });

  it('when measures are not done and have no reason, it refuses naming each by number, text and state', () => {
    let error: unknown;
    try {
      unfinishedMeasures({ measures, reasons: [{ measureId: 12, reason: '  ' }] });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('items.measures_unfinished');
    expect(appError.message).toContain('第2项「落实三会一课制度，建立会议记录台账并每月…」（推进中）');
    expect(appError.message).toContain('第3项「开展谈心谈话」（未开始）');
    expect(appError.message).not.toContain('第1项');
    expect(appError.details).toEqual({ measures: [{ id: 12, seq: 2, status: 'in_progress' }, { id: 13, seq: 3, status: 'not_started' }] });
  });

  it('when each unfinished measure has a reason, it returns the reasons for the history', () => {
    const reasons = [
      { measureId: 12, reason: '每月检查已纳入长期工作' },
      { measureId: 13, reason: '书记外出学习，下月补上' },
    ];
    expect(unfinishedMeasures({ measures, reasons }).unfinished).toEqual([
      { measureId: 12, seq: 2, status: 'in_progress', reason: '每月检查已纳入长期工作' },
      { measureId: 13, seq: 3, status: 'not_started', reason: '书记外出学习，下月补上' },
    ]);
  });
});
