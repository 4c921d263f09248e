import { Type, type Static } from 'typebox';
import { DateString, Id, Strict } from './common.js';

/** submitted: waiting for the committee; accepted: taken as the report; returned: sent back, to be uploaded again. */
export const rectificationReportStatuses = ['submitted', 'accepted', 'returned'] as const;
export type RectificationReportStatus = (typeof rectificationReportStatuses)[number];
export const rectificationReportStatusLabels: Record<RectificationReportStatus | 'missing', string> = {
  missing: '未提交',
  submitted: '已提交待审',
  accepted: '已接收',
  returned: '已退回',
};

/** How each problem stands in a report: closed, ongoing (long-term, or open before its deadline), or not done. */
export type ReportCompletion = 'done' | 'ongoing' | 'not_done';
export const reportCompletionLabels: Record<ReportCompletion, string> = { done: '已完成', ongoing: '持续整改', not_done: '未完成' };

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const RectificationReportFile = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(rectificationReportStatuses),
  fileName: Type.String(),
  size: Type.Integer(),
  submittedAt: Type.String(),
  submittedByName: Type.String(),
  decidedAt: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  reason: Nullable(Type.String({ description: '退回原因' })),
  late: Type.Boolean({ description: '提交晚于报送期限' }),
});
export type RectificationReportFile = Static<typeof RectificationReportFile>;

/** One organization's line on the review's 整改情况报告 tab: its current report and how many uploads came before. */
export const RectificationReportLine = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  itemCount: Type.Integer({ description: '本评议下该单位（含下级）的事项数，撤销的不计' }),
  current: Type.Union([RectificationReportFile, Type.Null()]),
  history: Type.Array(RectificationReportFile, { description: '此前各次上传，最新在前' }),
});
export type RectificationReportLine = Static<typeof RectificationReportLine>;

export const RectificationReportOverview = Type.Object({
  reviewId: Type.Integer(),
  dueOn: Nullable(Type.String({ description: '报送期限 YYYY-MM-DD' })),
  /** Whether the caller may set the deadline, decide and upload the committee's summary. */
  canDecide: Type.Boolean(),
  organizations: Type.Array(RectificationReportLine),
  summary: Type.Union([RectificationReportLine, Type.Null()], { description: '工委的综合报告（仅对能看到评议工委的用户）' }),
  counts: Type.Object({ expected: Type.Integer(), submitted: Type.Integer(), accepted: Type.Integer(), returned: Type.Integer(), missing: Type.Integer() }),
});
export type RectificationReportOverview = Static<typeof RectificationReportOverview>;

export const RectificationReportParams = Strict({ id: Id, orgId: Id });
export const RectificationReportDeadlineBody = Strict({ dueOn: Type.Union([DateString, Type.Null()]) });
export const RectificationReportDecisionBody = Strict({
  action: Type.Enum(['accept', 'return'] as const),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: '退回原因（退回时必填）' })),
});
export type RectificationReportDecisionBody = Static<typeof RectificationReportDecisionBody>;

/** A committee's reporting period (报告期, e.g. 2026年度): its organizations report on the problems issued within its dates. */
export const RectificationReportPeriod = Type.Object({
  id: Type.Integer(),
  committeeId: Type.Integer(),
  committeeName: Type.String(),
  title: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  dueOn: Nullable(Type.String({ description: '报送期限 YYYY-MM-DD' })),
  /** Whether the caller may change it and decide on the reports (a supervisor with the committee in scope). */
  canDecide: Type.Boolean(),
});
export type RectificationReportPeriod = Static<typeof RectificationReportPeriod>;

export const RectificationReportPeriodList = Type.Object({ periods: Type.Array(RectificationReportPeriod) });
export type RectificationReportPeriodList = Static<typeof RectificationReportPeriodList>;

export const RectificationReportPeriodBody = Strict({
  committeeId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: '开设报告期的工委，默认本人所在组织' })),
  title: Type.String({ minLength: 1, maxLength: 100, description: '如：2026年度' }),
  startsOn: DateString,
  endsOn: DateString,
  dueOn: Type.Optional(Type.Union([DateString, Type.Null()], { description: '报送期限' })),
});
export type RectificationReportPeriodBody = Static<typeof RectificationReportPeriodBody>;

/** Who of a period's organizations has submitted, by when, and in what state. */
export const RectificationPeriodOverview = Type.Object({
  period: RectificationReportPeriod,
  organizations: Type.Array(RectificationReportLine),
  counts: Type.Object({ expected: Type.Integer(), submitted: Type.Integer(), accepted: Type.Integer(), returned: Type.Integer(), missing: Type.Integer() }),
});
export type RectificationPeriodOverview = Static<typeof RectificationPeriodOverview>;
