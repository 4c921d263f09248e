import { Type, type Static } from 'typebox';
import { Id, Strict } from './common.js';
import { ItemStatusSchema } from './items.js';

/** One problem of an organization from an earlier review, as the next review sees it (上年度问题整改情况). */
export const EarlierItem = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  title: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  status: ItemStatusSchema,
  deadline: Type.String({ description: 'YYYY-MM-DD' }),
  closedOn: Type.Union([Type.String(), Type.Null()], { description: '销号日期' }),
  closedLate: Type.Boolean({ description: '逾期销号' }),
  overdue: Type.Boolean({ description: '逾期未销号' }),
  reviewId: Type.Integer({ description: 'the review it was first found in' }),
  reviewTitle: Type.String(),
  reviewHeldOn: Type.String(),
  carried: Type.Boolean({ description: 'already carried into this review' }),
});

export const EarlierItemsQuery = Strict({ orgId: Id });
export const EarlierItemsResult = Type.Object({
  items: Type.Array(EarlierItem, { description: 'the organization’s items from reviews held before this one, unfinished first' }),
  unfinished: Type.Integer({ description: 'not closed or cancelled' }),
  carried: Type.Integer({ description: 'carried into this review' }),
});

export const CarryBody = Strict({
  orgId: Id,
  itemIds: Type.Optional(
    Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true, description: 'the items to carry; every unfinished earlier item of the organization when omitted' }),
  ),
});
export const CarryResult = Type.Object({
  carried: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String() }), { description: 'items carried by this request' }),
  already: Type.Integer({ description: 'items named that were carried before (left as they were)' }),
});

export type EarlierItem = Static<typeof EarlierItem>;
export type EarlierItemsResult = Static<typeof EarlierItemsResult>;
export type CarryBody = Static<typeof CarryBody>;
export type CarryResult = Static<typeof CarryResult>;
