import { inScopeOf, type ActorRole, type Scope, type SignedInRole, type World } from '../world.js';

/** One cell of the matrix: who asks, about a record of which scope. */
export interface Cell {
  role: ActorRole;
  scope: Scope;
  world: World;
  /** True when the cell is expected to succeed: the request must then use a record of its own, not a shared one. */
  fresh: boolean;
}

export interface RouteRequest {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Overrides the cell actor's token (routes that end sessions get a session of their own); null sends none. */
  token?: string | null;
}

export interface RouteCase {
  /**
   * `scoped`: the request names a record or organization of the cell's scope, so parent and sibling answer 404.
   * `global`: nothing in the request belongs to an organization (categories, settings, one's own session).
   * `personal`: the record belongs to one user (an inbox): only the caller's own answers; anyone else's is 404.
   */
  kind: 'scoped' | 'global' | 'personal';
  /** The roles that hold the route's permission, written out here rather than read from roles.ts. */
  allow: readonly SignedInRole[] | 'public';
  /** The status of an allowed, in-scope request. */
  ok: number;
  /** Cells that answer otherwise, keyed `role` or `role.scope`. */
  overrides?: Partial<Record<ActorRole | `${ActorRole}.${Scope}`, number>>;
  /** A valid request for the cell (the hostile-input and property suites start from the `own` one). */
  request(cell: Cell): Promise<RouteRequest> | RouteRequest;
}

/**
 * The reads of a viewer that an API token is refused even with the read-only scope: they belong to a person (their
 * session, profile and inbox) or to administration (the settings).
 */
export const tokenRefusedReads: ReadonlySet<string> = new Set(['GET /api/auth/me', 'GET /api/profile', 'GET /api/settings', 'GET /api/notifications', 'GET /api/notifications/unread-count']);

/**
 * Whether the world's read-only API token (over the police committee's subtree) may call the route `key`: it reads
 * what a viewer reads of the ledger and writes nothing.
 */
export function tokenMayCall(key: string, route: RouteCase): boolean {
  return key.startsWith('GET ') && route.allow !== 'public' && route.allow.includes('viewer') && !tokenRefusedReads.has(key);
}

/** 404 out of scope, 403 role (or a sub-committee administrator) refused, 401 anonymous or disabled, the route's own success status otherwise. */
export function expectedStatus(route: RouteCase, role: ActorRole, scope: Scope, key = ''): number {
  const override = route.overrides?.[`${role}.${scope}`] ?? route.overrides?.[role];
  if (override !== undefined) return override;
  if (route.allow === 'public') return route.ok;
  if (role === 'anonymous' || role === 'disabled') return 401;
  if (role === 'apiToken' ? !tokenMayCall(key, route) : !route.allow.includes(role)) return 403;
  if (route.kind === 'scoped' && !inScopeOf(role).includes(scope)) return 404;
  if (route.kind === 'personal' && scope !== 'own') return 404;
  return route.ok;
}

// The police committee's administrator comes first: suites that take one allowed actor per route take an actor
// whose scope excludes the parent and the sibling.
export const everyone: readonly SignedInRole[] = ['subAdmin', 'supervisor', 'branch', 'viewer', 'admin'];

/** Administrators of the users, organizations and channels of their subtree: at the top committee or below it. */
export const admins: readonly SignedInRole[] = ['subAdmin', 'admin'];

/**
 * What applies to every committee (settings, categories, the scheduled jobs' runs): the top committee's
 * administrator alone; a sub-committee administrator gets the role refusal.
 */
export const topAdmin: readonly SignedInRole[] = ['admin'];
