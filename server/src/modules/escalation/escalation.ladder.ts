import { sql, type SQL } from 'drizzle-orm';
import { escalationSteps, type EscalationStep, type LadderStep } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';

/** Where a committee has not set its own: a week per colour, then a talk and accountability, or unanswered notices. */
export const defaultLadder: LadderStep[] = [
  { step: 'remind', enabled: true, daysOverdue: 1, unansweredNotices: null },
  { step: 'notice_blue', enabled: true, daysOverdue: 7, unansweredNotices: null },
  { step: 'notice_yellow', enabled: true, daysOverdue: 15, unansweredNotices: null },
  { step: 'notice_red', enabled: true, daysOverdue: 30, unansweredNotices: null },
  { step: 'talk', enabled: true, daysOverdue: 45, unansweredNotices: 2 },
  { step: 'accountability', enabled: true, daysOverdue: 60, unansweredNotices: 3 },
];

/** Each step once, in the ladder's order, with days overdue never going down the ladder. */
export function checkLadder(steps: LadderStep[]): LadderStep[] {
  const inOrder = steps.length === escalationSteps.length && steps.every((s, i) => s.step === escalationSteps[i]);
  const rising = steps.every((s, i) => i === 0 || s.daysOverdue >= steps[i - 1].daysOverdue);
  if (!inOrder || !rising) throw new AppError('escalation.ladder_invalid');
  return steps;
}

export interface ItemFacts {
  daysOverdue: number;
  unansweredNotices: number;
  taken: readonly EscalationStep[];
}

/**
 * The next step for a late item: the highest enabled step whose threshold the item has reached and that lies above
 * every step already taken. A step is never suggested twice, and a long-neglected item is not walked up from 提醒.
 */
export function suggestStep(ladder: readonly LadderStep[], facts: ItemFacts): EscalationStep | null {
  const top = Math.max(-1, ...facts.taken.map((s) => escalationSteps.indexOf(s)));
  for (let i = ladder.length - 1; i > top; i--) {
    const step = ladder[i];
    if (!step.enabled) continue;
    if (facts.daysOverdue >= step.daysOverdue || (step.unansweredNotices !== null && facts.unansweredNotices >= step.unansweredNotices)) return step.step;
  }
  return null;
}

/** `suggestStep` as SQL over columns `days`, `unanswered` and `top` (the highest step taken, -1 for none). */
export function suggestSql(ladder: readonly LadderStep[]): SQL {
  const whens = ladder
    .map((step, i) => ({ step, i }))
    .filter(({ step }) => step.enabled)
    .reverse()
    .map(({ step, i }) => {
      const byNotices = step.unansweredNotices === null ? sql`false` : sql`unanswered >= ${step.unansweredNotices}::int`;
      return sql`WHEN ${i}::int > top AND (days >= ${step.daysOverdue}::int OR ${byNotices}) THEN ${step.step}::text`;
    });
  return whens.length ? sql`CASE ${sql.join(whens, sql` `)} ELSE NULL END` : sql`NULL::text`;
}
