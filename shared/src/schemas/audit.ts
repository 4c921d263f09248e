import { Type, type Static } from 'typebox';
import { DateString, Id, Page, PageQuery, Strict } from './common.js';
import { itemActionLabels, type ItemAction } from './items.js';

/** One record of the audit log: a sign-in (or a refused one) or a change made through the API. */
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  userId: Type.Union([Type.Integer(), Type.Null()]),
  username: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.Union([Type.String(), Type.Null()]),
  orgId: Type.Union([Type.Integer(), Type.Null()]),
  orgName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.Integer(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  status: Type.Integer(),
  detail: Type.Unknown(),
});

export const AuditKindSchema = Type.Union([Type.Literal('login'), Type.Literal('operation')]);

const auditFilters = {
  userId: Type.Optional(Id),
  /** The actor's organization and everything below it. */
  orgId: Type.Optional(Id),
  /** An action or the start of one: `items.transition` takes every workflow step. */
  action: Type.Optional(Type.String({ maxLength: 80, pattern: '^[a-z_.]+$' })),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  kind: Type.Optional(AuditKindSchema),
};

export const AuditListQuery = Strict({ ...PageQuery, ...auditFilters });
export const AuditExportQuery = Strict(auditFilters);
export const AuditPage = Page(AuditEntry);

export type AuditEntry = Static<typeof AuditEntry>;
export type AuditKind = Static<typeof AuditKindSchema>;
export type AuditListQuery = Static<typeof AuditListQuery>;
export type AuditExportQuery = Static<typeof AuditExportQuery>;

/** The actions the log records, in Chinese; the export and the pages show these. */
export const auditActionLabels: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.login_throttled': '登录被限制（失败次数过多）',
  'auth.logout': '退出登录',
  'auth.password': '修改本人密码',
  'profile.update': '修改个人资料',
  'users.create': '新建用户',
  'users.update': '修改用户',
  'users.password': '重置用户密码',
  'orgs.create': '新建组织',
  'orgs.update': '修改组织',
  'orgs.delete': '删除组织',
  'settings.update': '修改系统设置',
  'categories.create': '新建问题类别',
  'categories.update': '修改问题类别',
  'channels.create': '新建通知渠道',
  'channels.update': '修改通知渠道',
  'channels.delete': '删除通知渠道',
  'channels.test': '测试通知渠道',
  'items.create': '新建事项',
  'items.update': '修改事项',
  'items.progress': '报送整改进展',
  'items.evidence': '上传佐证材料',
  'items.evidence.delete': '删除佐证材料',
  'items.batch': '批量操作事项',
  'items.import': '导入台账',
  'items.transition': '事项流转',
  'items.decisions': '批量审核销号',
  'items.reminders': '催办',
  'items.objection': '提出异议',
  'items.transfer': '转办事项',
  'items.objection_reply': '驳回异议',
  'reviews.create': '新建点评',
  'reviews.update': '修改点评',
  'reviews.delete': '删除点评',
  'reviews.comments.update': '填写点评意见',
  'reviews.comments.delete': '删除点评意见',
  'reviews.extract': '从点评提取问题',
  'reviews.items': '从点评生成事项',
  'notices.create': '下发督办单',
  'notices.reply': '回复督办单',
  'notices.generate_red': '生成红灯督办单',
  'api_tokens.create': '新建接口令牌',
  'api_tokens.revoke': '撤销接口令牌',
  'api.request': '接口令牌访问',
};

/** The Chinese name of an action; a workflow step is named by the step. */
export function auditActionLabel(action: string): string {
  const step = /^items\.transition\.([a-z_]+)$/.exec(action)?.[1];
  if (step && step in itemActionLabels) return `事项流转：${itemActionLabels[step as ItemAction]}`;
  return auditActionLabels[action] ?? action;
}
