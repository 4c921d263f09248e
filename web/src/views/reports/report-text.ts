import type { MonthlyReport } from '@rectify/shared';
import { percentText } from '@/views/dashboard/dashboard-model';
import { changeOf } from './report-month';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** A day 'YYYY-MM-DD' as the report writes it (2026年5月31日). */
export function dayText(day: string, t: Translate): string {
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  return t('reports.dayFormat', { year, month, day: dayOfMonth });
}

/** A rate (0…1) as the report shows it: "87.5%", or a dash when there is none. */
export function rateText(rate: number | null, t: Translate): string {
  const text = percentText(rate);
  return text === null ? t('reports.percentNone') : `${text}%`;
}

/**
 * 一、总体情况 in words: the month as a committee reports it upward, built from the same figures and in the
 * same order as the .docx report's summary.
 */
export function summaryText(report: MonthlyReport, t: Translate): string {
  const f = report.figures;
  const change = (delta: number) => {
    const { direction, size } = changeOf(delta);
    return t(`reports.summary.change.${direction}`, { n: size });
  };
  const asOf = report.complete ? t('reports.summary.asOfEnd', { date: dayText(report.lastDay, t) }) : t('reports.summary.asOfRunning');
  const rateChange = changeOf(report.change.completionRate);
  const rate =
    f.completionRate === null
      ? t('reports.summary.rateNone')
      : t('reports.summary.rate', { rate: rateText(f.completionRate, t), rateChange: t(`reports.summary.rateChange.${rateChange.direction}`, { n: rateChange.size }) });
  return [
    t('reports.summary.total', { asOf, org: report.orgName, total: f.totalItems }),
    t('reports.summary.month', { newItems: f.newItems, newChange: change(report.change.newItems), closed: f.closed, onTime: f.closedOnTime, late: f.closedLate }),
    t('reports.summary.cumulative', { closedTotal: f.closedTotal, open: f.open, overdue: f.overdue, overdueChange: change(report.change.overdue) }),
    rate,
    t('reports.summary.notices', { count: f.noticesIssued }),
  ].join('');
}

export type HeadlineId = 'rate' | 'newItems' | 'closed' | 'closedTotal' | 'open' | 'overdue' | 'notices' | 'totalItems';

export interface HeadlineFigure {
  id: HeadlineId;
  /** A count, or the rate (0…1, null when nothing was due). */
  value: number | null;
  /** Against last month: items, or percentage points for the rate; null when there is nothing to compare. */
  delta: number | null;
  /** Whether a rise is good news (closures), bad news (overdue) or neither. */
  rise: 'good' | 'bad' | 'neutral';
}

/** The report's headline figures in reading order, each with its change against last month. */
export function headlineFigures(report: MonthlyReport): HeadlineFigure[] {
  const f = report.figures;
  const p = report.previous;
  const c = report.change;
  return [
    { id: 'rate', value: f.completionRate, delta: c.completionRate, rise: 'good' },
    { id: 'newItems', value: f.newItems, delta: c.newItems, rise: 'neutral' },
    { id: 'closed', value: f.closed, delta: c.closed, rise: 'good' },
    { id: 'overdue', value: f.overdue, delta: c.overdue, rise: 'bad' },
    { id: 'open', value: f.open, delta: c.open, rise: 'neutral' },
    { id: 'closedTotal', value: f.closedTotal, delta: f.closedTotal - p.closedTotal, rise: 'good' },
    { id: 'totalItems', value: f.totalItems, delta: f.totalItems - p.totalItems, rise: 'neutral' },
    { id: 'notices', value: f.noticesIssued, delta: c.noticesIssued, rise: 'neutral' },
  ];
}
