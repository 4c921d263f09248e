import { Type, type Static } from 'typebox';
import { DateString, Id, Strict } from './common.js';
import { ReviewLevelSchema } from './items.js';

/** A committee's review levels: 工委终审 always; 本单位审核 and 党委初审 before it when switched on. */
export const ReviewLevelSettings = Type.Object({
  committeeId: Type.Integer(),
  unitReview: Type.Boolean({ description: '本单位审核：the organization’s own endorser signs for a request first' }),
  partyReview: Type.Boolean({ description: '党委初审：the nearest 党委 above a branch checks its requests before the committee' }),
  levels: Type.Array(ReviewLevelSchema, { description: 'the chain a branch under a 党委 climbs, the committee last' }),
});
export const UpdateReviewLevelSettingsBody = Strict({ unitReview: Type.Boolean(), partyReview: Type.Boolean() });

/** A clerk who signs for requests (签字背书): at their organization, and for a 党委 also its branches'. */
export const ReviewEndorser = Type.Object({
  userId: Type.Integer(),
  displayName: Type.String(),
  username: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  orgKind: Type.String(),
});
export const ReviewEndorserList = Type.Object({ endorsers: Type.Array(ReviewEndorser) });
export const UserIdParams = Strict({ userId: Id });

/** 代理审核: who stands in for an endorser, for which days. */
export const ReviewStandIn = Type.Object({
  id: Type.Integer(),
  principalId: Type.Integer(),
  principalName: Type.String(),
  standInId: Type.Integer(),
  standInName: Type.String(),
  orgName: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  active: Type.Boolean({ description: 'today lies in the period' }),
});
export const ReviewStandInList = Type.Object({ standIns: Type.Array(ReviewStandIn) });
export const CreateReviewStandInBody = Strict({ principalId: Id, standInId: Id, startsOn: DateString, endsOn: DateString });

/** What waits at each level in the caller's scope, and what waits for the caller. */
const LevelCounts = Type.Object({ closure: Type.Integer(), extension: Type.Integer() });
export const ReviewAwaitingItem = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  title: Type.String(),
  orgName: Type.String(),
  kind: Type.Union([Type.Literal('closure'), Type.Literal('extension')]),
  level: ReviewLevelSchema,
});
export const ReviewAwaiting = Type.Object({
  levels: Type.Object({ unit: LevelCounts, party: LevelCounts, committee: LevelCounts }),
  mine: Type.Object({ total: Type.Integer(), items: Type.Array(ReviewAwaitingItem, { description: 'the oldest first, at most 10' }) }),
});

export type ReviewLevelSettings = Static<typeof ReviewLevelSettings>;
export type UpdateReviewLevelSettingsBody = Static<typeof UpdateReviewLevelSettingsBody>;
export type ReviewEndorser = Static<typeof ReviewEndorser>;
export type ReviewStandIn = Static<typeof ReviewStandIn>;
export type CreateReviewStandInBody = Static<typeof CreateReviewStandInBody>;
export type ReviewAwaiting = Static<typeof ReviewAwaiting>;
export type ReviewAwaitingItem = Static<typeof ReviewAwaitingItem>;

/** The month's review decisions at each level (monthly report): passed on or decided, and sent back. */
const LevelDecisions = Type.Object({ passed: Type.Integer(), sentBack: Type.Integer() });
export const ReportReviewLevels = Type.Object(
  { unit: LevelDecisions, party: LevelDecisions, committee: LevelDecisions },
  { description: '二级审核: per level, the requests passed on (endorsed, or decided at the committee) and sent back in the month' },
);
export type ReportReviewLevels = Static<typeof ReportReviewLevels>;
