import { orgKindLabels, roleLabels } from '@rectify/shared';
import { catalogMessages, nestErrorMessages } from './error-messages';
import { ledgerZhCN } from './ledger.zh-CN';
import { ledgerIoZhCN } from './ledger-io.zh-CN';
import { channelsZhCN } from './channels.zh-CN';
import { noticesZhCN } from './notices.zh-CN';
import { reviewsZhCN } from './reviews.zh-CN';
import { dashboardZhCN } from './dashboard.zh-CN';
import { reportsZhCN } from './reports.zh-CN';
import { accountZhCN } from './account.zh-CN';
import { inboxZhCN } from './inbox.zh-CN';
import { orgAdminZhCN } from './org-admin.zh-CN';
import { bulkZhCN } from './bulk.zh-CN';
import { auditZhCN } from './audit.zh-CN';
import { apiTokensZhCN } from './api-tokens.zh-CN';
import { signInLdapZhCN } from './sign-in-ldap.zh-CN';
import { listsZhCN } from './lists.zh-CN';
import { signInZhCN } from './sign-in.zh-CN';

const zhCN = {
  app: {
    name: '问题整改台账',
    englishName: 'Rectify',
    tagline: '问题清单 · 整改清单 · 责任清单',
    committee: '机关党建工作委员会',
  },
  common: {
    loading: '加载中…',
    retry: '重试',
    search: '搜索',
    reset: '重置',
    empty: '暂无数据',
    yes: '是',
    no: '否',
    language: '语言',
    draftRestored: '已恢复登录超时前未提交的内容，请核对后提交',
  },
  nav: {
    home: '工作台',
    items: '整改台账',
    reviews: '述职评议',
    notices: '督办单',
    reports: '整改报告',
    system: '系统管理',
    orgs: '组织机构',
    users: '用户管理',
    forbidden: '无权访问',
    notFound: '页面不存在',
    openMenu: '打开菜单',
    collapse: '收起菜单',
    expand: '展开菜单',
  },
  login: {
    title: '账号登录',
    subtitle: '请使用单位分配的账号登录',
    username: '用户名',
    usernamePlaceholder: '请输入用户名',
    password: '密码',
    passwordPlaceholder: '请输入密码',
    submit: '登录',
    submitting: '正在登录…',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    capsLock: '大写锁定已打开',
    tooManyAttempts: '密码错误次数过多，此账号在当前网络暂停登录，请 {minutes} 分钟后再试',
    sessionEnded: '登录状态已失效，请重新登录',
    sessionEndedKept: '登录已超时，请重新登录。您正在填写的内容已保留，登录后会自动恢复。',
    loggedOut: '您已安全退出',
    demoHint: '演示账号：admin、supervisor、branch、branch2、viewer，密码均为 {password}',
    loopTitle: '从评议到销号，一本台账管到底',
    loop: {
      review: { title: '述职评议', text: '汇总上级点评与自查问题，形成问题清单' },
      ledger: { title: '建账整改', text: '明确整改措施、责任领导、责任人与时限' },
      close: { title: '逐一销号', text: '上传佐证材料，审核通过后逐项销号' },
      supervise: { title: '督办通报', text: '临期预警、逾期督办，整改成效按月汇总' },
    },
    footer: '仅限授权人员使用，登录即表示同意遵守保密管理规定',
  },
  layout: {
    logout: '退出登录',
    readOnly: '只读',
    profile: '个人信息',
  },
  home: {
    greeting: '您好，{name}',
    today: '今天是 {date}',
    scopeIntro: '您的账号可查看 {org} 及其下级组织',
    scopeTotal: '组织总数',
  },
  modules: {
    items: { description: '各党组织的问题清单、整改措施与责任清单，跟踪整改进展与销号情况。', empty: '暂无整改事项' },
    reviews: { description: '述职评议中上级点评指出的问题，是整改事项的主要来源。', empty: '暂无述职评议记录' },
    notices: { description: '对逾期或进展滞后的整改事项签发督办单，并跟踪反馈。', empty: '暂无督办单' },
    reports: { description: '按组织、按类别汇总整改完成率、逾期与销号情况，按月上报。', empty: '暂无整改报告' },
    orgs: { description: '工委、党委、党组、党总支、党支部构成的组织树。' },
    users: { description: '系统账号、角色与所属组织。' },
  },
  orgs: {
    filter: '输入名称筛选组织',
    detail: '组织详情',
    name: '组织全称',
    shortName: '简称',
    kind: '组织类别',
    parent: '上级组织',
    level: '层级',
    levelValue: '第 {level} 级',
    children: '直属下级',
    childrenValue: '{count} 个',
    selectHint: '在左侧选择一个组织查看详情',
    total: '共 {count} 个组织',
    none: '无',
  },
  users: {
    searchPlaceholder: '用户名或姓名',
    allRoles: '全部角色',
    username: '用户名',
    displayName: '姓名',
    role: '角色',
    org: '所属组织',
    phone: '电话',
    email: '邮箱',
    status: '状态',
    enabled: '正常',
    disabled: '已停用',
    createdAt: '创建时间',
  },
  errorPage: {
    forbidden: '您的角色无权访问此页面',
    notFound: '您访问的页面不存在',
    backHome: '返回工作台',
  },
  ...ledgerZhCN,
  ...ledgerIoZhCN,
  ...channelsZhCN,
  ...reviewsZhCN,
  ...noticesZhCN,
  ...dashboardZhCN,
  ...reportsZhCN,
  ...accountZhCN,
  ...inboxZhCN,
  ...orgAdminZhCN,
  ...bulkZhCN,
  ...auditZhCN,
  ...apiTokensZhCN,
  ...signInLdapZhCN,
  ...listsZhCN,
  ...signInZhCN,
  roles: { ...roleLabels },
  orgKinds: { ...orgKindLabels },
  errors: nestErrorMessages({
    ...catalogMessages(),
    'client.network': '无法连接服务器，请检查网络后重试',
    'client.bad_response': '服务器暂时无法正常响应，请稍后再试',
  }),
};

export type MessageSchema = typeof zhCN;
export default zhCN;
