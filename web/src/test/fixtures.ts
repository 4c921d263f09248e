import { permissions, roleCan, type Me, type Permission, type Role } from '@rectify/shared';

/** The signed-in user of each role as the server describes them (same permission rule as the server's /me). */
export function meAs(role: Role, overrides: Partial<Me> = {}): Me {
  const granted = (Object.keys(permissions) as Permission[]).filter((p) => p !== 'public' && roleCan(role, p));
  return { id: 1, username: role, displayName: `${role} user`, role, orgId: 1, orgName: '江川市直属机关工作委员会', permissions: granted, ...overrides };
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
