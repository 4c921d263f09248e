import { describe, expect, it } from 'vitest';
import { checkLadder, defaultLadder, suggestStep } from './escalation.ladder.js';

describe('the escalation ladder', () => {
  const facts = (daysOverdue: number, taken: Parameters<typeof suggestStep>[1]['taken'] = [], unansweredNotices = 0) => ({ daysOverdue, unansweredNotices, taken });

  it('when an item passes each threshold, it suggests that step', () => {
    expect(suggestStep(defaultLadder, facts(0))).toBeNull();
    expect(suggestStep(defaultLadder, facts(1))).toBe('remind');
    expect(suggestStep(defaultLadder, facts(7, ['remind']))).toBe('notice_blue');
    expect(suggestStep(defaultLadder, facts(15, ['remind', 'notice_blue']))).toBe('notice_yellow');
    expect(suggestStep(defaultLadder, facts(30, ['notice_yellow']))).toBe('notice_red');
    expect(suggestStep(defaultLadder, facts(45, ['notice_red']))).toBe('talk');
    expect(suggestStep(defaultLadder, facts(60, ['talk']))).toBe('accountability');
    expect(suggestStep(defaultLadder, facts(90, ['accountability']))).toBeNull();
  });

  it('when a step is taken and the next threshold is not reached, it suggests nothing new', () => {
    expect(suggestStep(defaultLadder, facts(10, ['notice_blue']))).toBeNull();
  });

  it('when an item was left long, it suggests the highest step due rather than walking up from 提醒', () => {
    expect(suggestStep(defaultLadder, facts(50))).toBe('talk');
  });

  it('when 督办单 stay unanswered, the talk and accountability thresholds by count apply before the days', () => {
    expect(suggestStep(defaultLadder, facts(31, ['notice_red'], 2))).toBe('talk');
    expect(suggestStep(defaultLadder, facts(31, ['talk'], 3))).toBe('accountability');
  });

  it('when a step is switched off, it is passed over', () => {
    const ladder = defaultLadder.map((s) => (s.step === 'notice_blue' ? { ...s, enabled: false } : s));
    expect(suggestStep(ladder, facts(8, ['remind']))).toBeNull();
  });

  it('when the steps are out of order or the days go down, the ladder is refused', () => {
    expect(() => checkLadder([...defaultLadder].reverse())).toThrow();
    expect(() => checkLadder(defaultLadder.map((s, i) => (i === 3 ? { ...s, daysOverdue: 1 } : s)))).toThrow();
    expect(checkLadder(defaultLadder)).toEqual(defaultLadder);
  });
});
