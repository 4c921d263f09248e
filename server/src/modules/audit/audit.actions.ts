/** What an API call did, as the audit log names it: `users.create`, `settings.update`, `items.transition.approve_closure`. */
export interface AuditAction {
  action: string;
  targetType: string | null;
  targetId: number | null;
}

/** Calls that change nothing another person would ask about: renewing a session, marking one's own inbox read. */
const unrecorded = new Set(['POST /api/auth/refresh', 'POST /api/auth/login']);
const unrecordedResources = new Set(['notifications']);

const verbs: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };
const resourceNames: Record<string, string> = { 'notification-channels': 'channels' };

const name = (segment: string) => (resourceNames[segment] ?? segment).replace(/-/g, '_').replace(/\.[a-z]+$/, '');

/**
 * The action of a non-GET call from its route pattern: `POST /api/users` → `users.create`, `POST
 * /api/users/:id/password` → `users.password`; a workflow step takes the step's name from the body (an enum the
 * schema has checked). Null for calls not recorded.
 */
export function actionOf(method: string, routeUrl: string, params: unknown, body: unknown): AuditAction | null {
  if (!routeUrl.startsWith('/api/') || !(method in verbs) || unrecorded.has(`${method} ${routeUrl}`)) return null;
  const segments = routeUrl.slice('/api/'.length).split('/');
  const words = segments.filter((s) => !s.startsWith(':')).map(name);
  if (words.length === 0 || unrecordedResources.has(words[0])) return null;
  const id = Number((params as { id?: unknown } | undefined)?.id);
  const targetId = Number.isSafeInteger(id) && id > 0 ? id : null;
  // A sub-resource named by its own id (`/reviews/:id/comments/:orgId`) takes the verb; a static last word is the verb.
  const lastIsParam = segments[segments.length - 1].startsWith(':');
  let action = words.length > 1 && !lastIsParam ? words.join('.') : `${words.join('.')}.${verbs[method]}`;
  if (routeUrl === '/api/items/:id/transitions') {
    const step = (body as { action?: unknown } | undefined)?.action;
    action = typeof step === 'string' && /^[a-z_]{1,40}$/.test(step) ? `items.transition.${step}` : 'items.transition';
  }
  return { action, targetType: words[0], targetId };
}
