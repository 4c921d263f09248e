import { Type, type Static } from 'typebox';
import { Strict } from './common.js';

export const Category = Type.Object({ id: Type.Integer(), name: Type.String(), sortOrder: Type.Integer(), active: Type.Boolean() });
export const CreateCategoryBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
});
export const UpdateCategoryBody = Strict({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  active: Type.Optional(Type.Boolean()),
});

export const Settings = Type.Object({
  yellowDays: Type.Integer({ description: '临期: within this many days of the deadline' }),
  extensionCap: Type.Integer({ description: 'how many extensions one item may get' }),
  reminderDays: Type.Integer({ description: 'deadline reminders go out this many days before the deadline' }),
  auditRetentionMonths: Type.Integer({ description: 'audit log records older than this many months are removed' }),
  acknowledgeDays: Type.Integer({ description: '签收: an organization signs for a new item within this many working days' }),
  workingDayWindows: Type.Boolean({ description: 'the yellow window and the reminders count working days (the holiday calendar) instead of calendar days' }),
});
export const UpdateSettingsBody = Strict({
  yellowDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
  extensionCap: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  reminderDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  auditRetentionMonths: Type.Optional(Type.Integer({ minimum: 6, maximum: 240 })),
  acknowledgeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
  workingDayWindows: Type.Optional(Type.Boolean()),
});

export type Category = Static<typeof Category>;
export type Settings = Static<typeof Settings>;
