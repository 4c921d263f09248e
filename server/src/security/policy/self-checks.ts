import { neighbourOf, selfCheckAnswer, sharedSelfCheckAnswer } from '../self-checks.fixtures.js';
import { everyone, type RouteCase } from './types.js';

/** 举一反三: requests from an item to other organizations, and each asked organization's answer. */
export const selfCheckRoutes: Record<string, RouteCase> = {
  'POST /api/items/:id/self-checks': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: ({ world, scope }) => ({
      url: `/api/items/${world.targets[scope].item.id}/self-checks`,
      payload: { scope: 'chosen', orgIds: [world.orgOf(neighbourOf(scope))], deadline: '2030-12-31', note: '请对照自查' },
    }),
  },
  'GET /api/items/:id/self-checks': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    // The neighbour's answer row is asked from this scope's item, so the item has a request to show.
    request: async ({ world, scope }) => {
      await sharedSelfCheckAnswer(world, neighbourOf(scope));
      return { url: `/api/items/${world.targets[scope].item.id}/self-checks` };
    },
  },
  'GET /api/self-checks': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/self-checks' }) },
  'GET /api/self-checks/tasks': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/self-checks/tasks' }) },
  'POST /api/self-checks/tasks/:id/answer': {
    kind: 'scoped',
    allow: ['branch'],
    ok: 200,
    request: async ({ world, scope, fresh }) => ({
      url: `/api/self-checks/tasks/${fresh ? await selfCheckAnswer(world, scope) : await sharedSelfCheckAnswer(world, scope)}/answer`,
      payload: { answer: 'absent', explanation: '经对照自查，本单位不存在此问题。' },
    }),
  },
};
