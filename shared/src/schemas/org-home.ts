import { Type, type Static } from 'typebox';
import { Id, Strict } from './common.js';
import { Item } from './items.js';
import { Notice } from './notices.js';

export const OrgHomeQuery = Strict({
  orgId: Type.Optional(Id),
});

/** What a row of the home needs from an item, not the whole item. */
export const OrgHomeItem = Type.Pick(Item, ['id', 'code', 'title', 'deadline', 'status', 'light']);

export const OrgHome = Type.Object({
  today: Type.String({ description: 'YYYY-MM-DD in the committee time zone' }),
  reminderDays: Type.Integer({ description: 'the reminder window: upcoming lists deadlines from today to today + reminderDays' }),
  counts: Type.Object({ red: Type.Integer(), yellow: Type.Integer(), green: Type.Integer(), awaiting: Type.Integer({ description: '销号申请 waiting for the committee' }) }),
  returned: Type.Array(
    Type.Object({
      item: OrgHomeItem,
      reason: Type.Union([Type.String(), Type.Null()], { description: 'the 退回 comment' }),
      by: Type.Union([Type.String(), Type.Null()]),
      at: Type.String(),
    }),
    { description: 'items in progress whose last closure step was a 退回, newest first' },
  ),
  overdue: Type.Object({ items: Type.Array(OrgHomeItem), total: Type.Integer() }, { description: 'open items past their deadline, longest overdue first' }),
  notices: Type.Array(Notice, { description: '督办单 waiting for a reply, the nearest reply deadline first' }),
  upcoming: Type.Object({ items: Type.Array(OrgHomeItem), total: Type.Integer() }, { description: 'items to work on due within the reminder window, nearest first' }),
});

export type OrgHomeQuery = Static<typeof OrgHomeQuery>;
export type OrgHomeItem = Static<typeof OrgHomeItem>;
export type OrgHome = Static<typeof OrgHome>;
