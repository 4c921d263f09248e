import { Type, type Static } from 'typebox';
import { DateString, Id, PageQuery, Strict } from './common.js';
import { ItemSourceSchema, ItemTypeSchema, MeasureInput, type ItemSource } from './items.js';

/** Kinds of source events (问题来源事件): a review meeting, an inspection's feedback, a self-check… */
export const reviewKinds = ['report_review', 'inspection_feedback', 'self_inspection', 'special_check', 'mass_review', 'higher_feedback'] as const;
export type ReviewKind = (typeof reviewKinds)[number];
export const reviewKindLabels: Record<ReviewKind, string> = {
  report_review: '述职评议',
  inspection_feedback: '巡察反馈',
  self_inspection: '自查自检',
  special_check: '专项检查',
  mass_review: '群众评议',
  higher_feedback: '上级反馈',
};
/** The item source a review of each kind gives the items taken from it. */
export const reviewKindSource: Record<ReviewKind, ItemSource> = {
  report_review: 'review',
  inspection_feedback: 'inspection',
  self_inspection: 'self_inspection',
  special_check: 'special_check',
  mass_review: 'mass_opinion',
  higher_feedback: 'higher_feedback',
};
export const ReviewKindSchema = Type.Enum(reviewKinds);

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const CommentText = Type.String({ minLength: 1, maxLength: 20000, description: '点评意见，按工委原文' });

/** How far a set of items has come; only items in the caller's scope are counted. */
export const ProgressRollup = Type.Object({
  total: Type.Integer(),
  open: Type.Integer({ description: '待整改、整改中、申请销号' }),
  closed: Type.Integer({ description: '已销号（含逾期销号）' }),
  closedLate: Type.Integer({ description: '逾期销号' }),
  overdue: Type.Integer({ description: '逾期未销号' }),
  cancelled: Type.Integer(),
  completionRate: Type.Union([Type.Number(), Type.Null()], { description: '整改完成率: closed ÷ (total − cancelled), 0…1; null when nothing counts' }),
  onTimeRate: Type.Union([Type.Number(), Type.Null()], { description: '按期销号率: (closed − closedLate) ÷ (closed + overdue); null when nothing is due' }),
});

export const ReviewComment = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  text: Type.String(),
  updatedAt: Type.String(),
});

export const ReviewOrgRollup = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  hasComment: Type.Boolean(),
  rollup: ProgressRollup,
  // Items from earlier reviews carried into this one (述前述后); `rollup` counts the ones first found in it.
  carried: Type.Optional(ProgressRollup),
});

export const Review = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  kind: ReviewKindSchema,
  heldOn: Type.String({ description: 'YYYY-MM-DD' }),
  committeeId: Type.Integer({ description: 'the committee (an organization) that held it' }),
  committeeName: Type.String(),
  notes: Type.Union([Type.String(), Type.Null()]),
  commentCount: Type.Integer({ description: 'organizations with a comment, in the caller’s scope' }),
  rollup: ProgressRollup,
  createdBy: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ReviewDetail = Type.Intersect([
  Review,
  Type.Object({
    comments: Type.Array(ReviewComment),
    // Items carried into this review from earlier ones; `rollup` counts the items first found in it.
    carried: Type.Optional(ProgressRollup),
    organizations: Type.Array(ReviewOrgRollup, { description: 'every organization with a comment or an item, with its roll-up' }),
  }),
]);

export const ReviewListQuery = Strict({
  ...PageQuery,
  kind: Type.Optional(ReviewKindSchema),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

export const ReviewCommentInput = Strict({ orgId: Id, text: CommentText });

export const CreateReviewBody = Strict({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  kind: ReviewKindSchema,
  heldOn: DateString,
  committeeId: Type.Optional(Id),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  comments: Type.Optional(Type.Array(ReviewCommentInput, { maxItems: 500 })),
});

export const UpdateReviewBody = Strict({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  kind: Type.Optional(ReviewKindSchema),
  heldOn: Type.Optional(DateString),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});

export const ReviewCommentBody = Strict({ text: CommentText });
export const ReviewOrgParams = Strict({ id: Id, orgId: Id });

export const ExtractBody = Strict({
  orgId: Id,
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 20000, description: 'the comment text; the stored comment when omitted' })),
});

export const DraftItem = Type.Object({
  seq: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  categoryId: Type.Union([Type.Integer(), Type.Null()]),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  keywords: Type.Array(Type.String(), { description: 'the words that suggested the category' }),
  existing: Type.Union([Type.Object({ id: Type.Integer(), code: Type.String() }), Type.Null()], {
    description: '已建账: the item the organization already has from this review for the same problem',
  }),
});

export const extractOutcomes = ['enumerated', 'whole_section', 'none'] as const;
export const ExtractResult = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  source: ItemSourceSchema,
  outcome: Type.Enum(extractOutcomes, { description: 'enumerated: one draft per point; whole_section: one draft; none: no draft' }),
  section: Type.Union([Type.Object({ cue: Type.String(), start: Type.Integer(), end: Type.Integer() }), Type.Null()], {
    description: 'where the shortcomings were found (character offsets in the normalized text)',
  }),
  drafts: Type.Array(DraftItem),
  message: Type.Union([Type.String(), Type.Null()]),
});

export const ConfirmDraft = Strict({
  title: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.String({ minLength: 1, maxLength: 5000 }),
  categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
  deadline: DateString,
  type: ItemTypeSchema,
  rootCause: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  target: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  measures: Type.Optional(Type.Array(MeasureInput, { maxItems: 50 })),
  responsibleLeader: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  responsiblePerson: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  remarks: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});

export const ConfirmDraftsBody = Strict({
  orgId: Id,
  /** Stored as the organization's comment in the same transaction, when given. */
  comment: Type.Optional(CommentText),
  source: Type.Optional(ItemSourceSchema),
  items: Type.Array(ConfirmDraft, { minItems: 1, maxItems: 100 }),
  allowDuplicates: Type.Optional(
    Type.Boolean({ description: 'create drafts that repeat an item the organization already has from this review; refused otherwise' }),
  ),
});

export const CreatedItemRef = Type.Object({ id: Type.Integer(), code: Type.String(), orgId: Type.Integer(), title: Type.String() });
export const ConfirmDraftsResult = Type.Object({ items: Type.Array(CreatedItemRef) });

export type ProgressRollup = Static<typeof ProgressRollup>;
export type Review = Static<typeof Review>;
export type ReviewDetail = Static<typeof ReviewDetail>;
export type ReviewComment = Static<typeof ReviewComment>;
export type ReviewOrgRollup = Static<typeof ReviewOrgRollup>;
export type ReviewListQuery = Static<typeof ReviewListQuery>;
export type CreateReviewBody = Static<typeof CreateReviewBody>;
export type UpdateReviewBody = Static<typeof UpdateReviewBody>;
export type ExtractBody = Static<typeof ExtractBody>;
export type DraftItem = Static<typeof DraftItem>;
export type ExtractResult = Static<typeof ExtractResult>;
export type ConfirmDraft = Static<typeof ConfirmDraft>;
export type ConfirmDraftsBody = Static<typeof ConfirmDraftsBody>;
export type CreatedItemRef = Static<typeof CreatedItemRef>;
