import { Type, type Static } from 'typebox';
import { DateString, Id, Strict } from './common.js';
import { ItemSourceSchema } from './items.js';

const Rate = (description: string) => Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description });

/** The counts every dashboard row carries (cancelled items are left out of all of them but `cancelled`). */
export const DashboardFigures = Type.Object({
  total: Type.Integer({ description: 'items not cancelled' }),
  open: Type.Integer(),
  overdue: Type.Integer({ description: 'open and past the deadline (red)' }),
  nearDeadline: Type.Integer({ description: 'open and within the yellow window' }),
  closed: Type.Integer(),
  closedOnTime: Type.Integer(),
  closedLate: Type.Integer({ description: '逾期销号' }),
  cancelled: Type.Integer(),
  due: Type.Integer({ description: 'closed, plus open items past their deadline' }),
  completionRate: Rate('整改完成率: closed ÷ (items − cancelled), i.e. closed ÷ total here; null when there are none (docs/supervision.md)'),
  onTimeRate: Rate('按期销号率: closedOnTime ÷ due; null when nothing is due'),
});

export const dashboardOrgSorts = ['overdue', 'completionRate', 'total', 'name'] as const;
export const DashboardQuery = Strict({
  orgId: Type.Optional(Id),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  sort: Type.Optional(Type.Enum(dashboardOrgSorts, { description: 'order of byOrg; default overdue (most first)' })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});

export const Dashboard = Type.Object({
  asOf: Type.String({ description: "today in the committee's time zone; lights are as of this day" }),
  orgId: Type.Integer(),
  orgName: Type.String(),
  period: Type.Object({ from: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]) }, { description: 'items issued in this period (inclusive)' }),
  totals: Type.Intersect([
    DashboardFigures,
    Type.Object({
      byStatus: Type.Object({ issued: Type.Integer(), in_progress: Type.Integer(), closure_requested: Type.Integer(), closed: Type.Integer(), cancelled: Type.Integer() }),
      byLight: Type.Object({ green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() }),
    }),
  ]),
  byOrg: Type.Array(Type.Intersect([Type.Object({ orgId: Type.Integer(), orgName: Type.String() }), DashboardFigures]), {
    description: 'one row per organization directly under the chosen one (its subtree rolled up), plus the organization itself when it has items',
  }),
  byCategory: Type.Array(Type.Intersect([Type.Object({ categoryId: Type.Union([Type.Integer(), Type.Null()]), categoryName: Type.Union([Type.String(), Type.Null()]) }), DashboardFigures])),
  bySource: Type.Array(Type.Intersect([Type.Object({ source: ItemSourceSchema, label: Type.String() }), DashboardFigures])),
  byReview: Type.Array(Type.Intersect([Type.Object({ reviewId: Type.Union([Type.Integer(), Type.Null()]) }), DashboardFigures])),
  trend: Type.Array(Type.Object({ month: Type.String({ description: 'YYYY-MM' }), issued: Type.Integer(), closed: Type.Integer() }), {
    description: 'the 12 months ending with the month of `to` (or this month)',
  }),
});

/** 签收 at a glance, for a scope: what waits for the organizations to sign for it, and what they objected to. */
export const AcknowledgeSummaryQuery = Strict({ orgId: Type.Optional(Id) });
export const AcknowledgeSummary = Type.Object({
  asOf: Type.String({ description: "today in the committee's time zone" }),
  waiting: Type.Integer({ description: '待签收: issued and not yet signed for' }),
  overdue: Type.Integer({ description: '逾期未签收: still waiting after the 签收 window (working days, settings)' }),
  objected: Type.Integer({ description: '有异议: waiting for the committee to decide the objection' }),
});
export type AcknowledgeSummary = Static<typeof AcknowledgeSummary>;

export type DashboardFigures = Static<typeof DashboardFigures>;
export type DashboardQuery = Static<typeof DashboardQuery>;
export type Dashboard = Static<typeof Dashboard>;
