import { Type, type Static, type TOptional, type TSchema } from 'typebox';
import { Id, PageQuery, Strict } from './common.js';

/** What a notification is about; channels subscribe to these. */
export const notificationKinds = [
  'item_issued',
  'closure_requested',
  'extension_requested',
  'closure_returned',
  'extension_approved',
  'extension_rejected',
  'item_closed',
  'item_cancelled',
  'item_objected',
  'item_urged',
  'deadline_reminder',
  'overdue_alert',
  'notice_issued',
  'notice_replied',
  'recheck_requested',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationKindLabels: Record<NotificationKind, string> = {
  item_issued: '新交办事项',
  closure_requested: '申请销号待审核',
  extension_requested: '申请延期待审批',
  closure_returned: '销号申请被退回',
  extension_approved: '延期已同意',
  extension_rejected: '延期被驳回',
  item_closed: '事项已销号',
  item_cancelled: '事项已撤销',
  item_objected: '事项有异议待处理',
  item_urged: '工委催办',
  deadline_reminder: '整改时限临近提醒',
  overdue_alert: '逾期预警',
  notice_issued: '收到督办单',
  notice_replied: '督办单已回复',
  recheck_requested: '回头看待确认',
};
export const NotificationKindSchema = Type.Enum(notificationKinds);

export const Notification = Type.Object({
  id: Type.Integer(),
  kind: NotificationKindSchema,
  title: Type.String(),
  body: Type.String(),
  itemId: Type.Union([Type.Integer(), Type.Null()], { description: 'the ledger item it is about, if one' }),
  noticeId: Type.Union([Type.Integer(), Type.Null()], { description: 'the 督办单 it is about, if one' }),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});
export const NotificationListQuery = Strict({ ...PageQuery, unread: Type.Optional(Type.Boolean()), kind: Type.Optional(NotificationKindSchema) });
export const NotificationPage = Type.Object({ items: Type.Array(Notification), total: Type.Integer(), unread: Type.Integer() });
export const UnreadCount = Type.Object({ unread: Type.Integer() });
export const ReadAllResult = Type.Object({ updated: Type.Integer() });
export const ReadAllQuery = Strict({ kind: Type.Optional(NotificationKindSchema) });

export const channelTypes = ['dingtalk', 'wecom', 'webhook', 'email'] as const;
export type ChannelType = (typeof channelTypes)[number];
export const channelTypeLabels: Record<ChannelType, string> = {
  dingtalk: '钉钉群机器人',
  wecom: '企业微信群机器人',
  webhook: '通用 JSON Webhook',
  email: '电子邮件（SMTP）',
};

/**
 * Outbound channel settings. Which fields apply depends on the type: url (+ secret) for the robots and the webhook,
 * smtp* and mail* for e-mail. Secrets are write-only: answers say only whether one is set.
 */
const ChannelFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  enabled: Type.Boolean(),
  orgId: Type.Union([Id, Type.Null()], { description: 'only events about items under this organization; null: the whole tree' }),
  events: Type.Array(NotificationKindSchema, { minItems: 1, maxItems: 20, uniqueItems: true }),
  url: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'robot or webhook address (http/https)' }),
  secret: Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description: 'DingTalk 加签 secret, or the webhook HMAC key' }),
  smtpHost: Type.Union([Type.String({ maxLength: 255 }), Type.Null()]),
  smtpPort: Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.Null()]),
  smtpSecure: Type.Boolean({ description: 'TLS from the start (port 465); otherwise STARTTLS when offered' }),
  smtpUser: Type.Union([Type.String({ maxLength: 255 }), Type.Null()]),
  smtpPassword: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  mailFrom: Type.Union([Type.String({ maxLength: 255 }), Type.Null()]),
  mailTo: Type.Array(Type.String({ format: 'email', maxLength: 255 }), { maxItems: 50 }),
};
const Opt = <T extends Record<string, TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof T]: TOptional<T[K]> };

export const CreateChannelBody = Strict({
  type: Type.Enum(channelTypes),
  name: ChannelFields.name,
  events: ChannelFields.events,
  ...Opt({
    enabled: ChannelFields.enabled,
    orgId: ChannelFields.orgId,
    url: ChannelFields.url,
    secret: ChannelFields.secret,
    smtpHost: ChannelFields.smtpHost,
    smtpPort: ChannelFields.smtpPort,
    smtpSecure: ChannelFields.smtpSecure,
    smtpUser: ChannelFields.smtpUser,
    smtpPassword: ChannelFields.smtpPassword,
    mailFrom: ChannelFields.mailFrom,
    mailTo: ChannelFields.mailTo,
  }),
});
/** Omitted fields keep their value; a secret or password set to null is removed. */
export const UpdateChannelBody = Strict(Opt(ChannelFields));

export const Channel = Type.Object({
  id: Type.Integer(),
  type: Type.Enum(channelTypes),
  name: Type.String(),
  enabled: Type.Boolean(),
  orgId: Type.Union([Type.Integer(), Type.Null()]),
  events: Type.Array(NotificationKindSchema),
  url: Type.Union([Type.String(), Type.Null()], { description: 'with any access token masked' }),
  secretSet: Type.Boolean(),
  smtpHost: Type.Union([Type.String(), Type.Null()]),
  smtpPort: Type.Union([Type.Integer(), Type.Null()]),
  smtpSecure: Type.Boolean(),
  smtpUser: Type.Union([Type.String(), Type.Null()]),
  smtpPasswordSet: Type.Boolean(),
  mailFrom: Type.Union([Type.String(), Type.Null()]),
  mailTo: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const deliveryStatuses = ['pending', 'sent', 'failed'] as const;
export const DeliveryAttempt = Type.Object({
  at: Type.String(),
  ok: Type.Boolean(),
  detail: Type.Union([Type.String(), Type.Null()], { description: 'HTTP status, SMTP answer or error' }),
});
export const Delivery = Type.Object({
  id: Type.Integer(),
  channelId: Type.Integer(),
  kind: NotificationKindSchema,
  title: Type.String(),
  status: Type.Enum(deliveryStatuses),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  log: Type.Array(DeliveryAttempt),
});
export const DeliveryListQuery = Strict({ ...PageQuery, status: Type.Optional(Type.Enum(deliveryStatuses)) });
/**
 * What a test send shows: the receiver's status (HTTP status, or the SMTP reply code), the robots' own `errcode` and
 * `errmsg`, or why nothing answered — never the body of an answer. `detail` is the same line the delivery log keeps.
 */
export const ChannelTestResult = Type.Object({
  ok: Type.Boolean(),
  status: Type.Union([Type.Integer(), Type.Null()]),
  errcode: Type.Union([Type.Integer(), Type.Null()]),
  errmsg: Type.Union([Type.String(), Type.Null()]),
  failure: Type.Union([Type.Literal('address_not_allowed'), Type.Literal('unreachable'), Type.Null()]),
  detail: Type.String(),
});

export const JobRun = Type.Object({
  job: Type.String(),
  period: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export const JobRunListQuery = Strict({ ...PageQuery, job: Type.Optional(Type.String({ maxLength: 50 })) });

export type Notification = Static<typeof Notification>;
export type NotificationListQuery = Static<typeof NotificationListQuery>;
export type CreateChannelBody = Static<typeof CreateChannelBody>;
export type UpdateChannelBody = Static<typeof UpdateChannelBody>;
export type Channel = Static<typeof Channel>;
export type Delivery = Static<typeof Delivery>;
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;
export type JobRun = Static<typeof JobRun>;
