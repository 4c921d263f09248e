import { Type, type Static } from 'typebox';
import { DateString, Id, PageQuery, Strict } from './common.js';
import { ItemStatusSchema, LightSchema } from './items.js';

/** 督办级别: blue when a deadline is near, yellow when work lags, red when overdue. */
export const noticeLevels = ['blue', 'yellow', 'red'] as const;
export type NoticeLevel = (typeof noticeLevels)[number];
export const noticeLevelLabels: Record<NoticeLevel, string> = { blue: '蓝色督办', yellow: '黄色督办', red: '红色督办' };
export const NoticeLevelSchema = Type.Enum(noticeLevels);
export const noticeStatuses = ['issued', 'replied'] as const;
export const noticeStatusLabels: Record<(typeof noticeStatuses)[number], string> = { issued: '待回复', replied: '已回复' };

/** An item as it stood when the notice was issued (the document shows this, not later changes). */
export const NoticeItem = Type.Object({
  itemId: Type.Integer(),
  code: Type.String(),
  title: Type.String(),
  orgName: Type.String(),
  deadline: Type.String(),
  status: ItemStatusSchema,
  light: Type.Union([LightSchema, Type.Null()]),
  daysOverdue: Type.Integer({ description: 'days past the deadline on the day of issue; 0 when not overdue' }),
  responsiblePerson: Type.Union([Type.String(), Type.Null()]),
});

export const Notice = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: '督办〔2026〕3号' }),
  year: Type.Integer(),
  seq: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  level: NoticeLevelSchema,
  requirements: Type.String(),
  replyDeadline: Type.String(),
  status: Type.Enum(noticeStatuses),
  replyOverdue: Type.Boolean({ description: 'not replied and the reply deadline has passed' }),
  itemCount: Type.Integer(),
  issuedBy: Type.Integer(),
  issuedByName: Type.String(),
  issuedOn: Type.String(),
  issuedAt: Type.String(),
  reply: Type.Union([Type.String(), Type.Null()]),
  repliedBy: Type.Union([Type.Integer(), Type.Null()]),
  repliedByName: Type.Union([Type.String(), Type.Null()]),
  repliedAt: Type.Union([Type.String(), Type.Null()]),
});
export const NoticeDetail = Type.Intersect([Notice, Type.Object({ items: Type.Array(NoticeItem) })]);

export const NoticeListQuery = Strict({
  ...PageQuery,
  orgId: Type.Optional(Id),
  status: Type.Optional(Type.Enum(noticeStatuses)),
  level: Type.Optional(NoticeLevelSchema),
  itemId: Type.Optional(Id),
});

/**
 * Either `itemIds` (one or more open items) or `allOverdue` (every overdue item under `orgId`). The recipient is
 * `orgId`, or the items' own organization when they share one.
 */
export const CreateNoticeBody = Strict({
  orgId: Type.Optional(Id),
  itemIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true })),
  allOverdue: Type.Optional(Type.Boolean()),
  level: NoticeLevelSchema,
  requirements: Type.String({ minLength: 1, maxLength: 5000 }),
  replyDeadline: DateString,
});

/** One red notice per organization for its overdue items, across the caller's scope (or under `orgId`). */
export const GenerateRedNoticesBody = Strict({
  orgId: Type.Optional(Id),
  requirements: Type.String({ minLength: 1, maxLength: 5000 }),
  replyDeadline: DateString,
  skipNoticed: Type.Optional(Type.Boolean({ description: 'leave out items already on a notice not yet replied to (default true)' })),
});
export const GenerateRedNoticesResult = Type.Object({ notices: Type.Array(Notice), itemCount: Type.Integer() });

export const NoticeReplyBody = Strict({ content: Type.String({ minLength: 1, maxLength: 5000 }) });

export type NoticeItem = Static<typeof NoticeItem>;
export type Notice = Static<typeof Notice>;
export type NoticeDetail = Static<typeof NoticeDetail>;
export type NoticeListQuery = Static<typeof NoticeListQuery>;
export type CreateNoticeBody = Static<typeof CreateNoticeBody>;
export type GenerateRedNoticesBody = Static<typeof GenerateRedNoticesBody>;
