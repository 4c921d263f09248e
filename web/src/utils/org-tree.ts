import type { Org } from '@rectify/shared';

export interface OrgNode extends Org {
  children: OrgNode[];
}

/**
 * Turns the flat list from GET /api/orgs into trees ordered by sortOrder, then name. The list is the caller's
 * scope, so a node whose parent is outside it becomes a root (a branch clerk's tree starts at their own organization).
 */
export function buildOrgTree(orgs: readonly Org[]): OrgNode[] {
  const nodes = new Map<number, OrgNode>(orgs.map((org) => [org.id, { ...org, children: [] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const byOrder = (a: OrgNode, b: OrgNode) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN');
  const sort = (list: OrgNode[]) => {
    list.sort(byOrder);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** How many organizations of each kind, for summaries. */
export function countByKind(orgs: readonly Org[]): Partial<Record<Org['kind'], number>> {
  const counts: Partial<Record<Org['kind'], number>> = {};
  for (const org of orgs) counts[org.kind] = (counts[org.kind] ?? 0) + 1;
  return counts;
}
