import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { roles, type Role, type UserState } from '@rectify/shared';
import type { UsersQuery } from '@/api/users';
import type { ListCodec } from '@/composables/useListPage';

export const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

export type UsersListState = Required<Pick<UsersQuery, 'page' | 'pageSize'>> & Pick<UsersQuery, 'q' | 'role' | 'orgId' | 'state'>;

const positiveInt = (value: unknown) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** The list's state lives in the URL, so a reload or a shared link shows the same page; anything unknown is dropped. */
export function listQuery(query: LocationQuery): UsersListState {
  const pageSize = positiveInt(query.pageSize) ?? DEFAULT_PAGE_SIZE;
  return {
    page: positiveInt(query.page) ?? 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    q: typeof query.q === 'string' && query.q ? query.q : undefined,
    role: typeof query.role === 'string' && (roles as readonly string[]).includes(query.role) ? (query.role as Role) : undefined,
    orgId: positiveInt(query.orgId),
    state: query.state === 'active' || query.state === 'disabled' ? (query.state as UserState) : undefined,
  };
}

/** The URL for a state: defaults are left out so that the plain page has a plain address. */
export function toUrlQuery(state: UsersQuery): LocationQueryRaw {
  return {
    page: !state.page || state.page === 1 ? undefined : String(state.page),
    pageSize: !state.pageSize || state.pageSize === DEFAULT_PAGE_SIZE ? undefined : String(state.pageSize),
    q: state.q || undefined,
    role: state.role || undefined,
    orgId: state.orgId ? String(state.orgId) : undefined,
    state: state.state || undefined,
  };
}

/** The users list's state in the address (see useListPage); a reset keeps the page size. */
export const usersCodec: ListCodec<UsersListState> = {
  read: listQuery,
  write: toUrlQuery,
  cleared: ({ pageSize }) => ({ page: 1, pageSize }),
  count: ({ q, role, orgId, state }) => [q, role, orgId, state].filter((v) => v !== undefined).length,
};
