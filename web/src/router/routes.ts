import type { RouteRecordRaw } from 'vue-router';

/**
 * Every page and who may open it. The side menu reads titles and access from here (see layouts/navigation.ts),
 * so a new page is added once: a route with its meta, then an entry in the navigation list.
 */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { public: true, titleKey: 'login.title' },
  },
  {
    path: '/password-change',
    name: 'password-change',
    component: () => import('@/views/account/ForcedPasswordView.vue'),
    meta: { titleKey: 'account.forced.title' },
  },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { titleKey: 'nav.home' } },
      {
        path: 'items',
        name: 'items',
        component: () => import('@/views/items/ItemsView.vue'),
        meta: { titleKey: 'nav.items', permission: 'items.read' },
      },
      {
        path: 'items/ledger',
        name: 'ledger',
        component: () => import('@/views/items/LedgerSheetView.vue'),
        meta: { titleKey: 'ledger.title', permission: 'items.read', menu: 'items' },
      },
      {
        path: 'items/ledger/print',
        name: 'ledger-print',
        component: () => import('@/views/items/LedgerPrintView.vue'),
        meta: { titleKey: 'sheet.print.title', permission: 'items.read', menu: 'items' },
      },
      {
        path: 'items/:id(\\d+)',
        name: 'item',
        component: () => import('@/views/items/ItemDetailView.vue'),
        props: true,
        meta: { titleKey: 'item.title', permission: 'items.read', menu: 'items' },
      },
      {
        path: 'reviews',
        name: 'reviews',
        component: () => import('@/views/reviews/ReviewsView.vue'),
        meta: { titleKey: 'nav.reviews', permission: 'reviews.read' },
      },
      {
        path: 'reviews/:id(\\d+)',
        name: 'review',
        component: () => import('@/views/reviews/ReviewDetailView.vue'),
        props: true,
        meta: { titleKey: 'nav.reviews', permission: 'reviews.read', menu: 'reviews' },
      },
      {
        path: 'common-problems',
        name: 'common-problems',
        component: () => import('@/views/common-problems/CommonProblemsView.vue'),
        meta: { titleKey: 'commonProblems.title', permission: 'common_problems.read' },
      },
      {
        path: 'common-problems/:id(\\d+)',
        name: 'common-problem',
        component: () => import('@/views/common-problems/CommonProblemDetailView.vue'),
        props: true,
        meta: { titleKey: 'commonProblems.title', permission: 'common_problems.read', menu: 'common-problems' },
      },
      {
        path: 'inbox',
        name: 'inbox',
        component: () => import('@/views/inbox/InboxView.vue'),
        meta: { titleKey: 'inbox.title', permission: 'notifications.read' },
      },
      {
        path: 'notices',
        name: 'notices',
        component: () => import('@/views/notices/NoticesView.vue'),
        meta: { titleKey: 'nav.notices', permission: 'notices.read' },
      },
      {
        path: 'notices/:id(\\d+)',
        name: 'notice',
        component: () => import('@/views/notices/NoticeDetailView.vue'),
        props: true,
        meta: { titleKey: 'nav.notices', permission: 'notices.read', menu: 'notices' },
      },
      {
        path: 'reports',
        name: 'reports',
        component: () => import('@/views/reports/ReportsView.vue'),
        meta: { titleKey: 'nav.reports', permission: 'reports.read' },
      },
      {
        path: 'system/orgs',
        name: 'orgs',
        component: () => import('@/views/OrgsView.vue'),
        meta: { titleKey: 'nav.orgs', permission: 'orgs.write' },
      },
      {
        path: 'account/password',
        name: 'account-password',
        component: () => import('@/views/account/AccountPasswordView.vue'),
        meta: { titleKey: 'account.password.title' },
      },
      {
        path: 'account/profile',
        name: 'account-profile',
        component: () => import('@/views/account/ProfileView.vue'),
        meta: { titleKey: 'account.profile.title' },
      },
      {
        path: 'system/users',
        name: 'users',
        component: () => import('@/views/admin/users/UsersView.vue'),
        meta: { titleKey: 'nav.users', permission: 'users.read' },
      },
      {
        path: 'system/categories',
        name: 'categories',
        component: () => import('@/views/admin/CategoriesView.vue'),
        meta: { titleKey: 'categories.title', permission: 'categories.write' },
      },
      {
        path: 'system/settings',
        name: 'settings',
        component: () => import('@/views/admin/SettingsView.vue'),
        meta: { titleKey: 'settings.title', permission: 'settings.write' },
      },
      {
        path: 'system/sign-in',
        name: 'sign-in-methods',
        component: () => import('@/views/admin/sign-in/SignInMethodsView.vue'),
        meta: { titleKey: 'signIn.title', permission: 'settings.write' },
      },
      {
        path: 'system/channels',
        name: 'channels',
        component: () => import('@/views/admin/channels/ChannelsView.vue'),
        meta: { titleKey: 'channels.title', permission: 'channels.read' },
      },
      {
        path: 'system/audit/operations',
        name: 'audit-operations',
        component: () => import('@/views/admin/audit/AuditLogView.vue'),
        props: { kind: 'operation' },
        meta: { titleKey: 'audit.operationTitle', permission: 'audit.read' },
      },
      {
        path: 'system/audit/logins',
        name: 'audit-logins',
        component: () => import('@/views/admin/audit/AuditLogView.vue'),
        props: { kind: 'login' },
        meta: { titleKey: 'audit.loginTitle', permission: 'audit.read' },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('@/views/StatusView.vue'),
        props: { status: 403 },
        meta: { titleKey: 'nav.forbidden' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/StatusView.vue'),
        props: { status: 404 },
        meta: { titleKey: 'nav.notFound' },
      },
    ],
  },
];
