import { Type, type Static } from 'typebox';
import { DateString, Id, Strict } from './common.js';

/** A measure's state (未开始 · 推进中 · 已完成). */
export const measureStatuses = ['not_started', 'in_progress', 'done'] as const;
export type MeasureStatus = (typeof measureStatuses)[number];
export const measureStatusLabels: Record<MeasureStatus, string> = { not_started: '未开始', in_progress: '推进中', done: '已完成' };
export const MeasureStatusSchema = Type.Enum(measureStatuses);

/** An assisting organization (协办单位) of an item. */
export const AssistOrg = Type.Object({ id: Type.Integer(), name: Type.String() });
export type AssistOrg = Static<typeof AssistOrg>;

export const AssistOrgIds = Type.Array(Id, { maxItems: 20, uniqueItems: true, description: '协办单位（主办单位为事项所属组织）' });

/** What the lead organization changes of one measure as the work goes on; the text itself changes with the item. */
export const MeasureUpdateBody = Strict({
  status: Type.Optional(MeasureStatusSchema),
  responsiblePerson: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  ownerUserId: Type.Optional(Type.Union([Id, Type.Null()])),
  deadline: Type.Optional(Type.Union([DateString, Type.Null()])),
});
export type MeasureUpdateBody = Static<typeof MeasureUpdateBody>;

export const MeasureParams = Strict({ id: Id, measureId: Id });

/** Who may own a measure: the active users of the item's organization and the organizations below it. */
export const MeasureOwners = Type.Object({
  users: Type.Array(Type.Object({ id: Type.Integer(), displayName: Type.String(), orgName: Type.String() })),
});
export type MeasureOwners = Static<typeof MeasureOwners>;

/** A reason given, at a closure request, for a measure that is not 已完成. */
export const MeasureReason = Strict({ measureId: Id, reason: Type.String({ minLength: 1, maxLength: 1000 }) });
export type MeasureReason = Static<typeof MeasureReason>;

/**
 * Warnings against paper-only rectification (形式整改), shown to the reviewer of a closure request; never a block.
 * `params` name what was seen (measures by number and text, the similarity, the days), for the message.
 */
export const paperWarningKinds = ['measure_without_evidence', 'statement_repeats_measures', 'evidence_just_before_request', 'evidence_after_deadline'] as const;
export type PaperWarningKind = (typeof paperWarningKinds)[number];
export const PaperWarning = Type.Object({
  kind: Type.Enum(paperWarningKinds),
  message: Type.String({ description: 'the warning in Chinese, naming what it saw' }),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
});
export type PaperWarning = Static<typeof PaperWarning>;
