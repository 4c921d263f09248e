import { Type, type Static } from 'typebox';
import { DateString, Id, PageQuery, Strict } from './common.js';
import { DeadlineBasisSchema, ItemSourceSchema, ItemStatusSchema, ItemTypeSchema, LightSchema, MeasureInput } from './items.js';
import { ProgressRollup } from './reviews.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** A common problem (共性问题): one problem issued to many organizations, each closing its own item. */
export const CommonProblem = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  source: ItemSourceSchema,
  categoryId: Type.Union([Type.Integer(), Type.Null()]),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  reviewId: Type.Union([Type.Integer(), Type.Null()]),
  deadline: Type.String(),
  type: ItemTypeSchema,
  committeeId: Type.Integer(),
  createdBy: Type.Integer(),
  createdAt: Type.String(),
  organizations: Type.Integer({ description: 'organizations it was issued to, in the caller’s scope' }),
  rollup: ProgressRollup,
});

export const CommonProblemOrg = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  itemId: Type.Integer(),
  code: Type.String(),
  status: ItemStatusSchema,
  light: Type.Union([LightSchema, Type.Null()]),
  deadline: Type.String(),
  closedOn: Type.Union([Type.String(), Type.Null()]),
  closedLate: Type.Union([Type.Boolean(), Type.Null()]),
});

export const CommonProblemDetail = Type.Intersect([
  CommonProblem,
  Type.Object({
    items: Type.Array(CommonProblemOrg, { description: 'one row per organization, in organization order' }),
    overdue: Type.Array(CommonProblemOrg, { description: 'the organizations whose item is past its deadline and not closed' }),
  }),
]);

export const CommonProblemListQuery = Strict({
  ...PageQuery,
  reviewId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

export const BatchItemsBody = Strict({
  orgIds: Type.Array(Id, { minItems: 1, maxItems: 2000, uniqueItems: true }),
  source: ItemSourceSchema,
  reviewId: Type.Optional(Type.Union([Id, Type.Null()])),
  categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.String({ minLength: 1, maxLength: 5000 }),
  rootCause: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  target: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  measures: Type.Optional(Type.Array(MeasureInput, { maxItems: 50 })),
  deadline: DateString,
  /** As on one item: N working days from today, the day of issue, or from each organization's own 签收; `deadline` is then the client's preview. */
  deadlineWorkingDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 250 }), Type.Null()])),
  deadlineBasis: Type.Optional(DeadlineBasisSchema),
  type: ItemTypeSchema,
  remarks: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});

export const BatchItemsResult = Type.Object({
  commonProblem: CommonProblem,
  items: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), orgId: Type.Integer(), orgName: Type.String() })),
});

export type CommonProblem = Static<typeof CommonProblem>;
export type CommonProblemOrg = Static<typeof CommonProblemOrg>;
export type CommonProblemDetail = Static<typeof CommonProblemDetail>;
export type CommonProblemListQuery = Static<typeof CommonProblemListQuery>;
export type BatchItemsBody = Static<typeof BatchItemsBody>;
export type BatchItemsResult = Static<typeof BatchItemsResult>;
