import { auditActionLabels } from '@rectify/shared';

/** The administrator's operation log and sign-in log. */
export const auditZhCN = {
  audit: {
    operationTitle: '操作日志',
    loginTitle: '登录日志',
    operationDescription: '谁在什么时候做了哪些修改：用户、组织、设置、类别、通知渠道和事项的每一步流转。',
    loginDescription: '每次登录和登录失败，以及来源 IP 地址和浏览器。',
    scopeHint: '显示 {org} 及下级组织人员的记录。',
    user: '用户',
    userPlaceholder: '全部用户',
    allOrgs: '全部组织',
    action: '操作',
    allActions: '全部操作',
    period: '时间段',
    from: '开始日期',
    to: '结束日期',
    export: '导出 Excel',
    exporting: '正在导出…',
    columns: { at: '时间', user: '用户', org: '组织', action: '操作', target: '对象', ip: 'IP 地址', userAgent: '浏览器', status: '状态' },
    unknownAccount: '（不存在的账号）',
    // Keyed with `_` for `.`: a dot in a message key would be read as nesting.
    actions: Object.fromEntries(Object.entries(auditActionLabels).map(([action, label]) => [action.replace(/\./g, '_'), label])),
    steps: '事项流转：{step}',
  },
};
