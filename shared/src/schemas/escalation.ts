import { Type, type Static } from 'typebox';
import { DateString, Id, PageQuery, Strict } from './common.js';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** The ladder after a deadline passes, in order: 提醒 → 督办单 蓝 → 黄 → 红 → 约谈 → 问责建议. */
export const escalationSteps = ['remind', 'notice_blue', 'notice_yellow', 'notice_red', 'talk', 'accountability'] as const;
export type EscalationStep = (typeof escalationSteps)[number];
export const EscalationStepSchema = Type.Enum(escalationSteps);
export const escalationStepLabels: Record<EscalationStep, string> = {
  remind: '提醒',
  notice_blue: '蓝色督办单',
  notice_yellow: '黄色督办单',
  notice_red: '红色督办单',
  talk: '约谈',
  accountability: '问责建议',
};

/** A step is due once the item is `daysOverdue` days late, or (when set) has that many 督办单 left unanswered. */
export const LadderStep = Strict({
  step: EscalationStepSchema,
  enabled: Type.Boolean(),
  daysOverdue: Type.Integer({ minimum: 0, maximum: 3650 }),
  unansweredNotices: Type.Union([Type.Integer({ minimum: 1, maximum: 20 }), Type.Null()]),
});
export type LadderStep = Static<typeof LadderStep>;

export const EscalationLadder = Type.Object({ committeeId: Type.Integer(), steps: Type.Array(LadderStep) });
export type EscalationLadder = Static<typeof EscalationLadder>;
export const EscalationLadderBody = Strict({ steps: Type.Array(LadderStep, { minItems: 6, maxItems: 6 }) });

export const EscalationSuggestion = Type.Object({
  itemId: Type.Integer(),
  code: Type.String(),
  title: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  deadline: Type.String(),
  daysOverdue: Type.Integer(),
  unansweredNotices: Type.Integer(),
  taken: Type.Array(EscalationStepSchema, { description: 'steps already taken since the deadline passed' }),
  suggested: Type.Union([EscalationStepSchema, Type.Null()], { description: 'the next step due; null when nothing new is due' }),
});
export type EscalationSuggestion = Static<typeof EscalationSuggestion>;

export const SuggestionQuery = Strict({ orgId: Type.Optional(Id), dueOnly: Type.Optional(Type.Boolean()), ...PageQuery });
export type SuggestionQuery = Static<typeof SuggestionQuery>;

export const escalationRecordKinds = ['talk', 'accountability'] as const;
export type EscalationRecordKind = (typeof escalationRecordKinds)[number];

export const EscalationRecordBody = Type.Union([
  Strict({ itemId: Id, kind: Type.Literal('talk'), heldOn: DateString, participants: Text(500), content: Text(5000) }),
  Strict({ itemId: Id, kind: Type.Literal('accountability'), content: Text(5000) }),
]);
export type EscalationRecordBody = Static<typeof EscalationRecordBody>;

export const EscalationRecord = Type.Object({
  id: Type.Integer(),
  itemId: Type.Integer(),
  itemCode: Type.String(),
  itemTitle: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  kind: Type.Enum(escalationRecordKinds),
  heldOn: Type.Union([Type.String(), Type.Null()]),
  participants: Type.Union([Type.String(), Type.Null()]),
  content: Type.String(),
  createdByName: Type.String(),
  createdAt: Type.String(),
  attachments: Type.Array(Type.Object({ id: Type.Integer(), fileName: Type.String(), mime: Type.String(), size: Type.Integer() }), {
    description: 'minutes, scans and the like, checked by content as evidence is (downloaded at /api/evidence/:id/download)',
  }),
});
export type EscalationRecord = Static<typeof EscalationRecord>;

/** An organization's record of escalations: what it was sent and what was recorded against it. */
export const EscalationSummary = Type.Object({
  reminders: Type.Integer(),
  notices: Type.Object({ blue: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() }),
  talks: Type.Integer(),
  accountability: Type.Integer(),
});
export type EscalationSummary = Static<typeof EscalationSummary>;

/** Each organization directly under one: its record of escalations over its subtree, for the dashboard's ranking. */
export const EscalationByOrg = Type.Object({
  items: Type.Array(Type.Object({ orgId: Type.Integer(), ...EscalationSummary.properties })),
});
export type EscalationByOrg = Static<typeof EscalationByOrg>;
export const EscalationByOrgQuery = Strict({ orgId: Type.Optional(Id) });

export const EscalationRecordQuery = Strict({ orgId: Type.Optional(Id), itemId: Type.Optional(Id), ...PageQuery });
export const EscalationRecordPage = Type.Object({ items: Type.Array(EscalationRecord), total: Type.Integer(), summary: EscalationSummary });

/** A monthly report's escalations: 约谈 and 问责建议 recorded during the month, overall and by organization. */
export const ReportEscalations = Type.Object({
  talks: Type.Integer(),
  accountability: Type.Integer(),
  byOrg: Type.Array(Type.Object({ orgId: Type.Integer(), orgName: Type.String(), talks: Type.Integer(), accountability: Type.Integer() })),
});
export type ReportEscalations = Static<typeof ReportEscalations>;
