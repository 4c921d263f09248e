import { Type, type Static } from 'typebox';
import { DateString, Id, PageQuery, Strict } from './common.js';
import { ItemSourceSchema, ItemStatusSchema } from './items.js';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** 回头看: requested of the organization, answered (巩固), then confirmed or reopened by the committee. */
export const recheckStatuses = ['requested', 'answered', 'confirmed', 'reopened'] as const;
export type RecheckStatus = (typeof recheckStatuses)[number];
export const RecheckStatusSchema = Type.Enum(recheckStatuses);

export const RecheckSettings = Type.Object({
  committeeId: Type.Integer(),
  enabled: Type.Boolean({ description: 'whether the monthly job draws a sample for this committee' }),
  monthsAfterClosure: Type.Integer({ description: 'items closed at least this many months ago are due for a re-check' }),
  percent: Type.Integer({ description: 'share of the due items drawn, 1–100' }),
  categoryIds: Type.Array(Type.Integer(), { description: 'only these categories (none: all)' }),
  sources: Type.Array(ItemSourceSchema, { description: 'only these sources (none: all)' }),
});
export type RecheckSettings = Static<typeof RecheckSettings>;

export const RecheckSettingsBody = Strict({
  enabled: Type.Boolean(),
  monthsAfterClosure: Type.Integer({ minimum: 1, maximum: 36 }),
  percent: Type.Integer({ minimum: 1, maximum: 100 }),
  categoryIds: Type.Array(Id, { maxItems: 100 }),
  sources: Type.Array(ItemSourceSchema, { maxItems: 10 }),
});

export const DrawBody = Strict({
  orgId: Type.Optional(Id),
  monthsAfterClosure: Type.Integer({ minimum: 0, maximum: 36 }),
  percent: Type.Integer({ minimum: 1, maximum: 100 }),
  categoryIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
  sources: Type.Optional(Type.Array(ItemSourceSchema, { maxItems: 10 })),
  seed: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z_-]{1,40}$', description: 'the same seed over the same items draws the same sample' })),
});
export type DrawBody = Static<typeof DrawBody>;

export const DrawParams = Type.Object({
  orgId: Type.Integer(),
  monthsAfterClosure: Type.Integer(),
  closedOnOrBefore: Type.String(),
  percent: Type.Integer(),
  categoryIds: Type.Array(Type.Integer()),
  sources: Type.Array(Type.String()),
});
export type DrawParams = Static<typeof DrawParams>;

export const RecheckDraw = Type.Object({
  id: Type.Integer(),
  committeeId: Type.Integer(),
  seed: Type.String(),
  params: DrawParams,
  candidates: Type.Integer({ description: 'closed items that were due' }),
  drawn: Type.Integer(),
  period: Type.Union([Type.String(), Type.Null()], { description: 'the job period of a scheduled draw; null when drawn by hand' }),
  drawnByName: Type.Union([Type.String(), Type.Null()]),
  drawnAt: Type.String(),
});
export type RecheckDraw = Static<typeof RecheckDraw>;

/** A file the organization uploaded with its 巩固 answer: new evidence that the result holds. */
export const RecheckEvidence = Type.Object({ id: Type.Integer(), fileName: Type.String(), mime: Type.String(), size: Type.Integer(), createdAt: Type.String() });
export type RecheckEvidence = Static<typeof RecheckEvidence>;

export const Recheck = Type.Object({
  id: Type.Integer(),
  drawId: Type.Integer(),
  itemId: Type.Integer(),
  itemCode: Type.String(),
  itemTitle: Type.String(),
  itemStatus: ItemStatusSchema,
  orgId: Type.Integer(),
  orgName: Type.String(),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  round: Type.Integer({ description: 'the round that was re-checked' }),
  closedOn: Type.Union([Type.String(), Type.Null()]),
  status: RecheckStatusSchema,
  statement: Type.Union([Type.String(), Type.Null()]),
  answeredByName: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  decidedByName: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  basis: Type.Union([Type.String(), Type.Null()]),
  newDeadline: Type.Union([Type.String(), Type.Null()]),
  evidence: Type.Array(RecheckEvidence, { description: 'new evidence uploaded for this re-check (with the 巩固 answer)' }),
  createdAt: Type.String(),
});
export type Recheck = Static<typeof Recheck>;

export const RecheckListQuery = Strict({
  orgId: Type.Optional(Id),
  drawId: Type.Optional(Id),
  status: Type.Optional(RecheckStatusSchema),
  ...PageQuery,
});
export type RecheckListQuery = Static<typeof RecheckListQuery>;

export const RecheckAnswerBody = Strict({ statement: Text(2000) });
export const RecheckConfirmBody = Strict({ comment: Type.Optional(Type.String({ maxLength: 2000 })) });
export const RecheckReopenBody = Strict({ reason: Text(2000), basis: Text(2000), deadline: DateString });

const Rate = Type.Union([Type.Number(), Type.Null()], { description: '反弹率: reopened ÷ re-checked (decided), 0–1; null when none was re-checked' });
const ReboundRow = { rechecked: Type.Integer(), reopened: Type.Integer(), reboundRate: Rate };

/**
 * A monthly report's rounds: closures of first rounds and of reopened items apart, and the 回头看 results up to the
 * month's end (re-checks decided, of them reopened, 反弹率) overall, by organization and by category.
 */
export const ReportRounds = Type.Object({
  firstRoundClosed: Type.Integer({ description: 'closed during the month in their first round' }),
  reopenedClosed: Type.Integer({ description: 'closed during the month after being reopened (第2轮 and later)' }),
  reopenedInMonth: Type.Integer({ description: 'reopened by a 回头看 during the month' }),
  ...ReboundRow,
  byOrg: Type.Array(Type.Object({ orgId: Type.Integer(), orgName: Type.String(), ...ReboundRow })),
  byCategory: Type.Array(Type.Object({ categoryId: Type.Union([Type.Integer(), Type.Null()]), categoryName: Type.Union([Type.String(), Type.Null()]), ...ReboundRow })),
});
export type ReportRounds = Static<typeof ReportRounds>;
