import { Type, type Static } from 'typebox';
import { Id, Strict } from './common.js';
import { ItemStatusSchema } from './items.js';
import { ReportRounds } from './rechecks.js';
import { ReportEscalations } from './escalation.js';
import { ReportReviewLevels } from './review-levels.js';

export const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
export const reportFormats = ['json', 'xlsx', 'docx'] as const;

export const MonthlyReportQuery = Strict({
  month: Month,
  org: Type.Optional(Id),
  format: Type.Optional(Type.Enum(reportFormats)),
});

/** Figures of a group of items as of the month's end (see docs/supervision.md for each definition). */
export const ReportFigures = Type.Object({
  newItems: Type.Integer({ description: 'issued during the month' }),
  closed: Type.Integer({ description: 'closed (销号) during the month' }),
  closedOnTime: Type.Integer(),
  closedLate: Type.Integer(),
  totalItems: Type.Integer({ description: 'issued by the month end and not cancelled by then' }),
  closedTotal: Type.Integer({ description: 'closed by the month end' }),
  open: Type.Integer({ description: 'still open at the month end' }),
  overdue: Type.Integer({ description: 'open at the month end with the deadline on or before its last day' }),
  completionRate: Type.Union([Type.Number(), Type.Null()], { description: '整改完成率: closedTotal ÷ totalItems (cancelled items left out); null when there are no items' }),
  closedOnTimeTotal: Type.Optional(Type.Integer({ description: 'closed by the month end by the deadline in force' })),
  onTimeRate: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], { description: '按期销号率: closedOnTimeTotal ÷ (closedTotal + overdue); null when nothing is due or (a stored report) not counted' }),
  ),
});
export const MonthlyFigures = Type.Intersect([ReportFigures, Type.Object({ noticesIssued: Type.Integer() })]);

export const ReportChange = Type.Object({
  newItems: Type.Integer(),
  closed: Type.Integer(),
  open: Type.Integer(),
  overdue: Type.Integer(),
  noticesIssued: Type.Integer(),
  completionRate: Type.Union([Type.Number(), Type.Null()], { description: 'percentage points; null when either month has no rate' }),
});

export const ReportOverdueItem = Type.Object({
  itemId: Type.Integer(),
  code: Type.String(),
  title: Type.String(),
  orgName: Type.String(),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  deadline: Type.String({ description: 'the deadline in force at the month end' }),
  daysOverdue: Type.Integer({ description: 'days past the deadline at the month end (a deadline on the last day: 1), or today while the month runs' }),
  status: ItemStatusSchema,
  responsiblePerson: Type.Union([Type.String(), Type.Null()]),
});

/** 签收与异议 in a month: what was signed for and objected to in it, and what waited at its end. */
export const ReportAcknowledge = Type.Object({
  signed: Type.Integer({ description: '本月签收' }),
  objectionsRaised: Type.Integer({ description: '本月提出异议' }),
  waiting: Type.Integer({ description: '待签收 at the month end (today while the month runs)' }),
  overdue: Type.Integer({ description: '逾期未签收 at the month end: waiting past the 签收 window' }),
  objected: Type.Integer({ description: '有异议待处理 at the month end' }),
});
export type ReportAcknowledge = Static<typeof ReportAcknowledge>;

/**
 * A report lists at most this many overdue items, the longest overdue first: a committee's whole list can run to
 * hundreds of thousands, which no one reads in a report and which made the stored snapshot as large; the ledger's
 * 逾期 filter lists and exports them all.
 */
export const REPORT_OVERDUE_LIST_CAP = 500;

export const MonthlyReport = Type.Object({
  month: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  firstDay: Type.String(),
  lastDay: Type.String(),
  complete: Type.Boolean({ description: 'false while the month is still running (figures so far)' }),
  source: Type.Union([Type.Literal('live'), Type.Literal('snapshot')], { description: 'snapshot: as stored by the monthly job' }),
  generatedAt: Type.String(),
  figures: MonthlyFigures,
  previous: MonthlyFigures,
  change: ReportChange,
  byOrg: Type.Array(Type.Intersect([Type.Object({ orgId: Type.Integer(), orgName: Type.String() }), ReportFigures])),
  byCategory: Type.Array(Type.Intersect([Type.Object({ categoryId: Type.Union([Type.Integer(), Type.Null()]), categoryName: Type.Union([Type.String(), Type.Null()]) }), ReportFigures])),
  overdueItems: Type.Array(ReportOverdueItem, { description: `the longest overdue first, at most ${REPORT_OVERDUE_LIST_CAP}; figures.overdue counts them all` }),
  trend: Type.Array(Type.Object({ month: Type.String(), newItems: Type.Integer(), closed: Type.Integer() }), { description: 'the 12 months ending with this one' }),
  rounds: Type.Optional(ReportRounds),
  escalations: Type.Optional(ReportEscalations),
  reviews: Type.Optional(ReportReviewLevels),
  acknowledge: Type.Optional(ReportAcknowledge),
});

export type ReportFigures = Static<typeof ReportFigures>;
export type MonthlyFigures = Static<typeof MonthlyFigures>;
export type MonthlyReport = Static<typeof MonthlyReport>;
export type MonthlyReportQuery = Static<typeof MonthlyReportQuery>;
export type ReportOverdueItem = Static<typeof ReportOverdueItem>;
