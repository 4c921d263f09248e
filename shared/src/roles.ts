export const roles = ['admin', 'supervisor', 'branch', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: '系统管理员',
  supervisor: '工委督办人员',
  branch: '党组织经办人',
  viewer: '领导（只读）',
};

/**
 * What each role may do, by permission name. Every API route names one of these;
 * whether a given record is in the caller's scope is decided separately, per module.
 */
export const permissions = {
  'public': ['admin', 'supervisor', 'branch', 'viewer'],
  'session': ['admin', 'supervisor', 'branch', 'viewer'],
  'orgs.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'orgs.write': ['admin'],
  'users.read': ['admin'],
  'users.write': ['admin'],
  'categories.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'categories.write': ['admin'],
  'settings.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'settings.write': ['admin'],
  'items.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'items.create': ['supervisor', 'branch'],
  'items.edit': ['supervisor', 'branch'],
  // Which transition a role may take is decided by the workflow's policy table.
  'items.transition': ['supervisor', 'branch'],
  // 签收与异议: the organization objects to an item it was given; the committee transfers it or answers the objection.
  'items.object': ['branch'],
  'items.objection_decide': ['supervisor'],
  'items.progress': ['branch'],
  'evidence.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'evidence.write': ['branch'],
  // Reviews and the items drawn from them; a branch reads the comments on its own organizations.
  'reviews.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'reviews.write': ['supervisor'],
  // An organization uploads its signed 整改情况报告; the committee uploads its own summary of a review.
  'rectification_reports.submit': ['supervisor', 'branch'],
  'common_problems.read': ['admin', 'supervisor', 'branch', 'viewer'],
  // 举一反三: the committee asks organizations to check themselves against a problem; each asked organization answers.
  'self_checks.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'self_checks.write': ['supervisor'],
  'self_checks.answer': ['branch'],
  'items.batch': ['supervisor'],
  // A branch may import its own self-inspection ledger; every row is checked against its subtree.
  'items.import': ['supervisor', 'branch'],
  'items.export': ['admin', 'supervisor', 'branch', 'viewer'],
  // Supervision: 督办单 are issued by the committee and answered by the organization; inboxes are per user.
  'notices.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'notices.write': ['supervisor'],
  'notices.reply': ['branch'],
  'notifications.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'channels.read': ['admin'],
  'channels.write': ['admin'],
  'jobs.read': ['admin'],
  // The audit log: a sub-committee administrator reads the records of the actors in its subtree.
  'audit.read': ['admin'],
  // API tokens for other systems: created, listed and revoked by the top committee's administrator alone.
  'tokens.read': ['admin'],
  'tokens.write': ['admin'],
  // The working-day calendar: everyone reads it (deadlines in working days); the top committee's administrator keeps it.
  'calendar.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'calendar.write': ['admin'],
  'dashboard.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'reports.read': ['admin', 'supervisor', 'branch', 'viewer'],
  // 回头看: the committee draws and decides, the organization answers for its own items.
  'rechecks.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'rechecks.write': ['supervisor'],
  'rechecks.answer': ['branch'],
  // The escalation ladder: suggestions and an organization's record are read in scope; steps are the committee's.
  'escalation.read': ['admin', 'supervisor', 'branch', 'viewer'],
  'escalation.write': ['supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function roleCan(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

/**
 * What applies to every committee (the settings, the problem categories, the scheduled jobs and their runs) is
 * changed, and the job runs read, only by an administrator of the top committee: the organization with no parent.
 * An administrator whose organization lies below it is a sub-committee administrator: they manage the users,
 * organizations and channels of their own subtree and read the settings and categories like everyone else.
 */
export const topCommitteePermissions: readonly Permission[] = ['categories.write', 'settings.write', 'jobs.read', 'tokens.read', 'tokens.write', 'calendar.write'];

/**
 * What an API token may be given: reading the ledger and what surrounds it. Never a session, an inbox, the settings
 * or any administration (users, organizations, tokens), whatever a token's row says.
 */
export const apiTokenPermissions = ['items.read', 'evidence.read', 'items.export', 'orgs.read', 'categories.read', 'reviews.read', 'common_problems.read', 'notices.read', 'dashboard.read', 'reports.read', 'rechecks.read', 'escalation.read', 'self_checks.read'] as const satisfies readonly Permission[];

/** A token may call a route when the route's permission is one it was given and one a token may hold at all. */
export function apiTokenCan(granted: readonly string[], permission: Permission): boolean {
  return (apiTokenPermissions as readonly Permission[]).includes(permission) && granted.includes(permission);
}

/** `roleCan`, and for a permission over every committee, the caller's organization is the top committee. */
export function principalCan(principal: { role: Role; atTopCommittee: boolean }, permission: Permission): boolean {
  return roleCan(principal.role, permission) && (principal.atTopCommittee || !topCommitteePermissions.includes(permission));
}
