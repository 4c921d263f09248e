import { everyone, topAdmin, type RouteCase } from './types.js';

// A read-only API token is not given the calendar: it is no part of the ledger a token reads.
const noToken = { apiToken: 403 } as const;

/** The working-day calendar: everyone reads it and resolves working days; the top committee's administrator keeps it. */
export const calendarRoutes: Record<string, RouteCase> = {
  'GET /api/calendar/years': { kind: 'global', allow: everyone, ok: 200, overrides: noToken, request: () => ({ url: '/api/calendar/years' }) },
  'GET /api/calendar/years/:year': { kind: 'global', allow: everyone, ok: 200, overrides: noToken, request: () => ({ url: '/api/calendar/years/2026' }) },
  'GET /api/calendar/resolve': { kind: 'global', allow: everyone, ok: 200, overrides: noToken, request: () => ({ url: '/api/calendar/resolve?from=2026-02-13&days=15' }) },
  'PUT /api/calendar/years/:year': {
    kind: 'global',
    allow: topAdmin,
    ok: 200,
    // A year far off, so the world's items keep their deadlines.
    request: () => ({ url: '/api/calendar/years/2031', payload: { source: 'manual', days: [{ date: '2031-01-01', kind: 'off', name: '元旦' }] } }),
  },
  'POST /api/calendar/notice': {
    kind: 'global',
    allow: topAdmin,
    ok: 200,
    request: () => ({ url: '/api/calendar/notice', payload: { text: '2031年部分节假日安排：一、元旦：1月1日（周三）放假1天，不调休。' } }),
  },
};
