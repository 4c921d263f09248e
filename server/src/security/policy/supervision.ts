import { admins, everyone, topAdmin, type Cell, type RouteCase } from './types.js';

const extras = ({ world, scope }: Cell) => world.extras.byScope[scope];

/** 督办单, notifications and their channels, the dashboard, monthly reports and scheduled job runs. */
export const supervisionRoutes: Record<string, RouteCase> = {
  'GET /api/notices': { kind: 'scoped', allow: everyone, ok: 200, request: ({ world, scope }) => ({ url: `/api/notices?orgId=${world.orgOf(scope)}` }) },
  'GET /api/notices/:id': { kind: 'scoped', allow: everyone, ok: 200, request: (cell) => ({ url: `/api/notices/${extras(cell).noticeId}` }) },
  'GET /api/notices/:id/document': { kind: 'scoped', allow: everyone, ok: 200, request: (cell) => ({ url: `/api/notices/${extras(cell).noticeId}/document` }) },
  'POST /api/notices': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    // Items out of scope are "no such item" in the body: the same 400 as an id that does not exist.
    overrides: { 'supervisor.parent': 400, 'supervisor.sibling': 400 },
    request: async ({ world, scope, fresh }) => ({
      url: '/api/notices',
      payload: { itemIds: [fresh ? (await world.freshItem(scope)).id : world.targets[scope].item.id], level: 'blue', requirements: '请按期整改。', replyDeadline: '2027-01-31' },
    }),
  },
  'POST /api/notices/generate-red': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: async ({ world, scope, fresh }) => {
      // An overdue item of the scope, so there is something red to issue a notice for.
      if (fresh) {
        const item = await world.freshItem(scope);
        await world.setDeadline(item.id, '2024-01-31');
      }
      return { url: '/api/notices/generate-red', payload: { orgId: world.orgOf(scope), requirements: '逾期事项限期整改。', replyDeadline: '2027-01-31' } };
    },
  },
  'POST /api/notices/:id/reply': {
    kind: 'scoped',
    allow: ['branch'],
    ok: 200,
    request: async ({ world, scope, fresh }) => ({
      url: `/api/notices/${fresh ? await world.extras.notice((await world.freshItem(scope)).id, world.unique('MX-notice')) : world.extras.byScope[scope].noticeId}/reply`,
      payload: { content: '已按要求完成整改。' },
    }),
  },

  'GET /api/notifications': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/notifications' }) },
  'GET /api/notifications/unread-count': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/notifications/unread-count' }) },
  'POST /api/notifications/read-all': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/notifications/read-all' }) },
  'POST /api/notifications/:id/read': {
    kind: 'personal',
    allow: everyone,
    ok: 200,
    // Own: the caller's own notification; any other scope: a notification of a user in that organization.
    request: async (cell) => ({ url: `/api/notifications/${cell.scope === 'own' ? await cell.world.extras.actorNotification(cell.role) : extras(cell).notificationId}/read` }),
  },

  'GET /api/notification-channels': { kind: 'global', allow: admins, ok: 200, request: () => ({ url: '/api/notification-channels' }) },
  'GET /api/notification-channels/:id': { kind: 'scoped', allow: admins, ok: 200, request: (cell) => ({ url: `/api/notification-channels/${extras(cell).channelId}` }) },
  'GET /api/notification-channels/:id/deliveries': { kind: 'scoped', allow: admins, ok: 200, request: (cell) => ({ url: `/api/notification-channels/${extras(cell).channelId}/deliveries` }) },
  'POST /api/notification-channels': {
    kind: 'scoped',
    allow: admins,
    ok: 201,
    request: ({ world, scope }) => ({ url: '/api/notification-channels', payload: { type: 'webhook', name: '预警推送', events: ['overdue_alert'], url: 'https://hooks.example.org/hook', orgId: world.orgOf(scope) } }),
  },
  'PATCH /api/notification-channels/:id': { kind: 'scoped', allow: admins, ok: 200, request: (cell) => ({ url: `/api/notification-channels/${extras(cell).channelId}`, payload: { enabled: true } }) },
  'DELETE /api/notification-channels/:id': {
    kind: 'scoped',
    allow: admins,
    ok: 200,
    request: async (cell) => ({ url: `/api/notification-channels/${cell.fresh ? await cell.world.extras.channel(cell.scope, cell.world.unique('MX-channel')) : extras(cell).channelId}` }),
  },
  'POST /api/notification-channels/:id/test': { kind: 'scoped', allow: admins, ok: 200, request: (cell) => ({ url: `/api/notification-channels/${extras(cell).channelId}/test` }) },

  'GET /api/dashboard': { kind: 'scoped', allow: everyone, ok: 200, request: ({ world, scope }) => ({ url: `/api/dashboard?orgId=${world.orgOf(scope)}` }) },
  'GET /api/dashboard/acknowledge': { kind: 'scoped', allow: everyone, ok: 200, request: ({ world, scope }) => ({ url: `/api/dashboard/acknowledge?orgId=${world.orgOf(scope)}` }) },
  'GET /api/org-home': { kind: 'scoped', allow: everyone, ok: 200, request: ({ world, scope }) => ({ url: `/api/org-home?orgId=${world.orgOf(scope)}` }) },
  'GET /api/reports/monthly': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: ({ world, scope }) => ({ url: `/api/reports/monthly?month=${world.extras.month}&org=${world.orgOf(scope)}` }),
  },
  // Job runs report on every committee.
  'GET /api/job-runs': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/job-runs' }) },
};
