import { Type, type Static } from 'typebox';
import { DateString, Id, PageQuery, Strict } from './common.js';
import { ItemStatusSchema, ItemTypeSchema } from './items.js';

/** Whom a 举一反三 request asks: organizations chosen by name, the origin organization's siblings, or a whole subtree. */
export const selfCheckScopes = ['chosen', 'siblings', 'subtree'] as const;
export const selfCheckAnswers = ['exists', 'absent'] as const;

export const CreateSelfCheckBody = Strict({
  scope: Type.Enum(selfCheckScopes),
  orgIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 5000, uniqueItems: true, description: 'with `chosen`: the organizations asked' })),
  rootOrgId: Type.Optional(Id),
  deadline: DateString,
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const SelfCheckAnswerRow = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  answer: Type.Union([Type.Enum(selfCheckAnswers), Type.Null()], { description: 'null: not answered yet' }),
  explanation: Type.Union([Type.String(), Type.Null()]),
  item: Type.Union([Type.Object({ id: Type.Integer(), code: Type.String(), status: ItemStatusSchema }), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
});

export const SelfCheckRequest = Type.Object({
  id: Type.Integer(),
  originItemId: Type.Integer(),
  originCode: Type.String(),
  problem: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  deadline: Type.String(),
  createdAt: Type.String(),
  asked: Type.Integer({ description: 'organizations asked, in the caller’s scope' }),
  answered: Type.Integer(),
  exists: Type.Integer(),
  answers: Type.Array(SelfCheckAnswerRow, { description: 'only the organizations in the caller’s scope' }),
});

export const SelfCheckListQuery = Strict({
  ...PageQuery,
  open: Type.Optional(Type.Boolean({ description: 'only requests some organization has not answered yet' })),
});

/** What an organization is asked: one row per request addressed to it. */
export const SelfCheckTask = Type.Object({
  answerId: Type.Integer(),
  requestId: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  problem: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  deadline: Type.String(),
  answer: Type.Union([Type.Enum(selfCheckAnswers), Type.Null()]),
  explanation: Type.Union([Type.String(), Type.Null()]),
  itemId: Type.Union([Type.Integer(), Type.Null()]),
});

export const SelfCheckTaskQuery = Strict({ ...PageQuery, open: Type.Optional(Type.Boolean()) });

export const AnswerSelfCheckBody = Strict({
  answer: Type.Enum(selfCheckAnswers),
  explanation: Type.Optional(Type.String({ maxLength: 5000 })),
  // With 存在: the organization's own item, waiting like any new one.
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
  deadline: Type.Optional(DateString),
  type: Type.Optional(ItemTypeSchema),
});

export const SelfCheckAnswerResult = Type.Object({ task: SelfCheckTask });

export type CreateSelfCheckBody = Static<typeof CreateSelfCheckBody>;
export type SelfCheckRequest = Static<typeof SelfCheckRequest>;
export type SelfCheckAnswerRow = Static<typeof SelfCheckAnswerRow>;
export type SelfCheckListQuery = Static<typeof SelfCheckListQuery>;
export type SelfCheckTask = Static<typeof SelfCheckTask>;
export type SelfCheckTaskQuery = Static<typeof SelfCheckTaskQuery>;
export type AnswerSelfCheckBody = Static<typeof AnswerSelfCheckBody>;
export type SelfCheckAnswer = (typeof selfCheckAnswers)[number];
