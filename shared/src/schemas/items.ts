import { Type, type Static } from 'typebox';
import { DateString, Id, PageQuery, Strict } from './common.js';
import { AssistOrg, AssistOrgIds, MeasureReason, MeasureStatusSchema, PaperWarning } from './measures.js';

export const itemSources = ['review', 'self_inspection', 'mass_opinion', 'inspection', 'special_check', 'higher_feedback'] as const;
export const itemSourceLabels: Record<ItemSource, string> = {
  review: '上级点评',
  self_inspection: '自身查摆',
  mass_opinion: '群众评议',
  inspection: '巡视巡察',
  special_check: '专项检查',
  higher_feedback: '上级反馈',
};
export const itemTypes = ['immediate', 'deadline', 'long_term'] as const;
export const itemTypeLabels: Record<ItemType, string> = { immediate: '立行立改', deadline: '限期整改', long_term: '长期坚持' };
export const itemStatuses = ['issued', 'objected', 'in_progress', 'closure_requested', 'closed', 'cancelled'] as const;
export const itemStatusLabels: Record<ItemStatus, string> = {
  // A new item waits for the organization to sign for it (签收) before work starts.
  issued: '待签收',
  objected: '有异议',
  in_progress: '整改中',
  closure_requested: '申请销号',
  closed: '已销号',
  cancelled: '已撤销',
};
export const lights = ['green', 'yellow', 'red'] as const;
export const lightLabels: Record<Light, string> = { green: '正常', yellow: '临期', red: '逾期' };
export const itemActions = [
  'start',
  'request_closure',
  'approve_closure',
  'reject_closure',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'cancel',
  'endorse_closure',
  'endorse_extension',
  'object',
  'transfer',
  'reject_objection',
] as const;
export const itemActionLabels: Record<ItemAction, string> = {
  start: '签收',
  request_closure: '申请销号',
  approve_closure: '同意销号',
  reject_closure: '退回',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  reject_extension: '驳回延期',
  cancel: '撤销',
  endorse_closure: '审核通过',
  endorse_extension: '延期审核通过',
  object: '提出异议',
  transfer: '转办',
  reject_objection: '驳回异议',
};
/** Why an organization objects to an item it was given (异议). */
export const objectionKinds = ['wording', 'not_ours', 'not_feasible'] as const;
export const objectionKindLabels: Record<ObjectionKind, string> = { wording: '措辞不准确', not_ours: '不属于本单位', not_feasible: '暂不具备整改条件' };
export type ObjectionKind = (typeof objectionKinds)[number];
export const ObjectionKindSchema = Type.Enum(objectionKinds);

export type ItemSource = (typeof itemSources)[number];
export type ItemType = (typeof itemTypes)[number];
export type ItemStatus = (typeof itemStatuses)[number];
export type Light = (typeof lights)[number];
export type ItemAction = (typeof itemActions)[number];

/**
 * The levels a closure or extension request climbs before it is decided (二级审核): the organization's own endorsement
 * (本单位审核, 签字背书), the 党委 above a branch (党委初审), the committee (工委终审, always the last).
 */
export const reviewLevels = ['unit', 'party', 'committee'] as const;
export type ReviewLevel = (typeof reviewLevels)[number];
export const reviewLevelLabels: Record<ReviewLevel, string> = { unit: '本单位审核', party: '党委初审', committee: '工委终审' };
export const ReviewLevelSchema = Type.Enum(reviewLevels);

/**
 * What a deadline in working days counts from: the day the item was issued (交办), or the day its organization signs
 * for it (签收), which is not known until then: the deadline is counted from the day of issue meanwhile and counted
 * again on 签收.
 */
export const deadlineBases = ['issue', 'acknowledge'] as const;
export type DeadlineBasis = (typeof deadlineBases)[number];
export const DeadlineBasisSchema = Type.Enum(deadlineBases);

export const ItemSourceSchema = Type.Enum(itemSources);
export const ItemTypeSchema = Type.Enum(itemTypes);
export const ItemStatusSchema = Type.Enum(itemStatuses);
export const LightSchema = Type.Enum(lights);
export const ItemActionSchema = Type.Enum(itemActions);

const Text = (max: number) => Type.String({ maxLength: max });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const Measure = Type.Object({
  id: Type.Integer(),
  seq: Type.Integer(),
  content: Type.String(),
  responsiblePerson: Type.Union([Type.String(), Type.Null()]),
  deadline: Type.Union([Type.String(), Type.Null()]),
  status: MeasureStatusSchema,
  ownerUserId: Type.Union([Type.Integer(), Type.Null()]),
  ownerName: Type.Union([Type.String(), Type.Null()]),
});
export const MeasureInput = Strict({
  content: Type.String({ minLength: 1, maxLength: 2000 }),
  responsiblePerson: Type.Optional(Nullable(Text(64))),
  deadline: Type.Optional(Type.Union([DateString, Type.Null()])),
  status: Type.Optional(MeasureStatusSchema),
});

export const PendingExtension = Type.Object({
  deadline: Type.String(),
  reason: Type.String(),
  requestedBy: Type.Integer(),
  requestedAt: Type.String(),
});

export const Item = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  source: ItemSourceSchema,
  reviewId: Type.Union([Type.Integer(), Type.Null()]),
  commonProblemId: Type.Union([Type.Integer(), Type.Null()]),
  categoryId: Type.Union([Type.Integer(), Type.Null()]),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  description: Type.String(),
  rootCause: Type.Union([Type.String(), Type.Null()]),
  target: Type.Union([Type.String(), Type.Null()]),
  responsibleLeader: Type.Union([Type.String(), Type.Null()]),
  responsiblePerson: Type.Union([Type.String(), Type.Null()]),
  deadline: Type.String({ description: 'YYYY-MM-DD, a calendar day in the committee time zone' }),
  originalDeadline: Type.String(),
  deadlineWorkingDays: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: '工作日时限: the deadline as asked, N working days from `deadlineBasis`' })),
  deadlineBasis: Type.Optional(Type.Union([DeadlineBasisSchema, Type.Null()], { description: 'counted from issue (下达) or from 签收' })),
  deadlineCountedFrom: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'the day the working days count from (not counted itself)' })),
  deadlineProvisional: Type.Optional(Type.Boolean({ description: 'the working days run into a year with no calendar loaded: the date assumes only weekends off there' })),
  extensionCount: Type.Integer(),
  pendingExtension: Type.Union([PendingExtension, Type.Null()]),
  type: ItemTypeSchema,
  status: ItemStatusSchema,
  light: Type.Union([LightSchema, Type.Null()], { description: 'null once closed or cancelled' }),
  closedLate: Type.Union([Type.Boolean(), Type.Null()], { description: '逾期销号 when true; null while open' }),
  completionNote: Type.Union([Type.String(), Type.Null()]),
  completedOn: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  remarks: Type.Union([Type.String(), Type.Null()]),
  issuedAt: Type.String({ description: 'since when the item waits for 签收 (its creation, or its last transfer or rejected objection)' }),
  acknowledgedAt: Type.Union([Type.String(), Type.Null()], { description: '签收: when the organization signed for the item' }),
  acknowledgedBy: Type.Union([Type.Integer(), Type.Null()]),
  acknowledgeDue: Type.Union([Type.String(), Type.Null()], { description: 'while 待签收: the last day to sign for it, N working days after issuedAt' }),
  acknowledgeOverdue: Type.Boolean({ description: '逾期未签收: still 待签收 after acknowledgeDue' }),
  objection: Type.Union([Type.Object({ kind: ObjectionKindSchema, reason: Type.String() }), Type.Null()], { description: 'while 有异议: the objection' }),
  reviewLevel: Type.Union([ReviewLevelSchema, Type.Null()], { description: 'while 申请销号: the review level it now waits at' }),
  extensionReviewLevel: Type.Union([ReviewLevelSchema, Type.Null()], { description: 'while an extension is pending: the review level it now waits at' }),
  evidenceCount: Type.Integer(),
  version: Type.Integer(),
  createdBy: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  assisting: Type.Optional(Type.Boolean({ description: "true where the caller sees the item as an assisting organization (协办), not as the lead's scope" })),
});

export const Progress = Type.Object({
  id: Type.Integer(),
  entryDate: Type.String(),
  content: Type.String(),
  percent: Type.Union([Type.Integer(), Type.Null()]),
  createdBy: Type.Integer(),
  createdByName: Type.String(),
  createdAt: Type.String(),
  orgName: Type.Optional(Type.String({ description: "the writer's organization, shown where an assisting organization wrote it" })),
});

export const Evidence = Type.Object({
  id: Type.Integer(),
  itemId: Type.Integer(),
  progressId: Type.Union([Type.Integer(), Type.Null()]),
  fileName: Type.String(),
  mime: Type.String(),
  kind: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  hasThumbnail: Type.Boolean(),
  uploadedBy: Type.Integer(),
  uploadedByName: Type.String(),
  createdAt: Type.String(),
  measureId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  orgName: Type.Optional(Type.String({ description: "the uploader's organization" })),
});

export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.Union([Type.String(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Union([Type.Record(Type.String(), Type.Object({ before: Type.Unknown(), after: Type.Unknown() })), Type.Null()]),
  data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

export const ItemDetail = Type.Intersect([
  Item,
  Type.Object({
    measures: Type.Array(Measure),
    progress: Type.Array(Progress),
    evidence: Type.Array(Evidence),
    history: Type.Array(HistoryEntry),
    allowedActions: Type.Array(ItemActionSchema, { description: 'what the caller may do now' }),
    editableFields: Type.Array(Type.String(), { description: 'fields the caller may change with PATCH' }),
    assistOrgs: Type.Optional(Type.Array(AssistOrg, { description: '协办单位' })),
    paperWarnings: Type.Optional(Type.Array(PaperWarning, { description: 'while closure is requested: signs of paper-only rectification, for the reviewer' })),
  }),
]);

/**
 * A text search counts its matches up to this many; past it the list says "more than". Each match is rechecked
 * against its row, so the count costs what the cap allows: at 1,000 it was 40–60 ms of a search's 41–62 ms at
 * 1,000,000 items, at 200 the search takes 10–12 ms, as long as the ledger's plain page (docs/performance.md). Ten
 * pages of twenty are as far as anyone reads a search; past them a narrower search is better.
 */
export const SEARCH_COUNT_CAP = 200;

export const ItemPage = Type.Object({
  items: Type.Array(Item),
  total: Type.Integer({ description: `matching items; for a text search (q) at most ${SEARCH_COUNT_CAP}` }),
  totalCapped: Type.Optional(Type.Boolean({ description: `true when a text search matched more than ${SEARCH_COUNT_CAP} items (total is then the cap)` })),
});

const CsvOf = (description: string) => Type.String({ maxLength: 400, description });

/** `urgency` (the default): open items by deadline, then the closed and cancelled ones. */
export const itemSortKeys = ['urgency', 'code', 'deadline', 'createdAt', 'updatedAt', 'status', 'org'] as const;
export const ItemListQuery = Strict({
  ...PageQuery,
  orgId: Type.Optional(Id),
  status: Type.Optional(CsvOf('comma-separated statuses')),
  light: Type.Optional(CsvOf('comma-separated lights')),
  overdue: Type.Optional(Type.Boolean()),
  categoryId: Type.Optional(Id),
  source: Type.Optional(ItemSourceSchema),
  type: Type.Optional(ItemTypeSchema),
  reviewId: Type.Optional(Id),
  commonProblemId: Type.Optional(Id),
  awaiting: Type.Optional(Type.Enum(['closure', 'extension'] as const, { description: "requests waiting for the committee's decision: 销号申请 or 延期申请" })),
  reviewLevel: Type.Optional(
    Type.Enum(reviewLevels, { description: 'requests waiting at this review level (本单位审核 / 党委初审 / 工委终审); with `awaiting`, only that kind of request' }),
  ),
  responsible: Type.Optional(Type.String({ maxLength: 64, description: '责任领导或责任人（包含）' })),
  deadlineFrom: Type.Optional(DateString),
  deadlineTo: Type.Optional(DateString),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'text search over title, description and measures' })),
  sort: Type.Optional(Type.Enum(itemSortKeys)),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});

export const CreateItemBody = Strict({
  orgId: Id,
  source: ItemSourceSchema,
  reviewId: Type.Optional(Type.Union([Id, Type.Null()])),
  categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
  title: Type.Optional(Text(200)),
  description: Type.String({ minLength: 1, maxLength: 5000 }),
  rootCause: Type.Optional(Nullable(Text(5000))),
  target: Type.Optional(Nullable(Text(2000))),
  measures: Type.Optional(Type.Array(MeasureInput, { maxItems: 50 })),
  responsibleLeader: Type.Optional(Nullable(Text(64))),
  responsiblePerson: Type.Optional(Nullable(Text(64))),
  deadline: DateString,
  /** When given, the deadline is this many working days from issue, resolved by the server (`deadline` is then only the client's preview). */
  deadlineWorkingDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 250 }), Type.Null()])),
  /** What the working days count from: the day of issue (default) or the day the organization signs for the item. */
  deadlineBasis: Type.Optional(DeadlineBasisSchema),
  type: ItemTypeSchema,
  remarks: Type.Optional(Nullable(Text(2000))),
  assistOrgIds: Type.Optional(AssistOrgIds),
});

export const UpdateItemBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  source: Type.Optional(ItemSourceSchema),
  categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
  title: Type.Optional(Text(200)),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
  deadline: Type.Optional(DateString),
  /** N working days from the day the item was issued, resolved by the server; null gives the deadline back to the date. */
  deadlineWorkingDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 250 }), Type.Null()])),
  /** What the working days count from; given alone, the item's own working days are counted again from it. */
  deadlineBasis: Type.Optional(DeadlineBasisSchema),
  type: Type.Optional(ItemTypeSchema),
  rootCause: Type.Optional(Nullable(Text(5000))),
  target: Type.Optional(Nullable(Text(2000))),
  measures: Type.Optional(Type.Array(MeasureInput, { maxItems: 50 })),
  responsibleLeader: Type.Optional(Nullable(Text(64))),
  responsiblePerson: Type.Optional(Nullable(Text(64))),
  remarks: Type.Optional(Nullable(Text(2000))),
  assistOrgIds: Type.Optional(AssistOrgIds),
});

/** Steps that carry more than a comment have routes of their own (异议, 转办, 驳回异议). */
export const ownRouteActions = ['object', 'transfer', 'reject_objection'] as const satisfies readonly ItemAction[];
export type TransitionAction = Exclude<ItemAction, (typeof ownRouteActions)[number]>;
export const transitionActions = itemActions.filter((a): a is TransitionAction => !(ownRouteActions as readonly string[]).includes(a));

export const TransitionBody = Strict({
  action: Type.Enum(transitionActions),
  version: Type.Integer({ minimum: 1 }),
  comment: Type.Optional(Type.String({ maxLength: 2000, description: 'reason, closure statement or review opinion' })),
  newDeadline: Type.Optional(DateString),
  completedOn: Type.Optional(DateString),
  measureReasons: Type.Optional(Type.Array(MeasureReason, { maxItems: 50, description: 'request_closure: why each measure not 已完成 is not' })),
  withoutEvidence: Type.Optional(
    Type.Boolean({ description: 'approve_closure: the supervisor knowingly closes an item with no evidence; `comment` then gives the reason' }),
  ),
});

/** 异议: the organization objects to an item waiting for 签收. */
export const ObjectionBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  kind: ObjectionKindSchema,
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
});
/** 转办: the committee gives an objected item to another organization of its scope, which then signs for it. */
export const TransferBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  orgId: Id,
  comment: Type.Optional(Type.String({ maxLength: 2000 })),
});
/** 驳回异议: the committee answers the objection; the item waits for 签收 again. */
export const ObjectionReplyBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  comment: Type.String({ minLength: 1, maxLength: 2000 }),
});
export type ObjectionBody = Static<typeof ObjectionBody>;
export type TransferBody = Static<typeof TransferBody>;
export type ObjectionReplyBody = Static<typeof ObjectionReplyBody>;

export const ProgressBody = Strict({
  content: Type.String({ minLength: 1, maxLength: 5000 }),
  entryDate: Type.Optional(DateString),
  percent: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()])),
});

export const ItemEvidenceParams = Strict({ id: Id, evidenceId: Id });

export type Measure = Static<typeof Measure>;
export type Item = Static<typeof Item>;
export type ItemDetail = Static<typeof ItemDetail>;
export type Progress = Static<typeof Progress>;
export type Evidence = Static<typeof Evidence>;
export type HistoryEntry = Static<typeof HistoryEntry>;
export type ItemListQuery = Static<typeof ItemListQuery>;
export type ItemPage = Static<typeof ItemPage>;
export type CreateItemBody = Static<typeof CreateItemBody>;
export type UpdateItemBody = Static<typeof UpdateItemBody>;
export type TransitionBody = Static<typeof TransitionBody>;
export type ProgressBody = Static<typeof ProgressBody>;
export type MeasureInput = Static<typeof MeasureInput>;

/** Several 申请销号 items decided at once with one comment; each is still checked on its own. */
export const BulkDecisionBody = Strict({
  action: Type.Union([Type.Literal('approve_closure'), Type.Literal('reject_closure')]),
  comment: Type.Optional(Type.String({ maxLength: 2000 })),
  items: Type.Array(Strict({ id: Id, version: Type.Integer({ minimum: 1 }) }), { minItems: 1, maxItems: 200 }),
});
/** What happened to each item: done, or refused with the code and message a single decision would have given. */
export const BulkItemResult = Type.Object({
  id: Type.Integer(),
  code: Type.Union([Type.String(), Type.Null()], { description: 'the item code, when the item is in scope' }),
  ok: Type.Boolean(),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
});
export const BulkDecisionResult = Type.Object({ results: Type.Array(BulkItemResult), succeeded: Type.Integer(), refused: Type.Integer() });

/** 催办: a reminder to the organizations of the chosen open items. */
export const RemindBody = Strict({
  itemIds: Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true }),
  comment: Type.Optional(Type.String({ maxLength: 500 })),
});
export const RemindResult = Type.Object({ results: Type.Array(BulkItemResult), reminded: Type.Integer(), orgs: Type.Integer() });

export type BulkDecisionBody = Static<typeof BulkDecisionBody>;
export type BulkItemResult = Static<typeof BulkItemResult>;
export type RemindBody = Static<typeof RemindBody>;
