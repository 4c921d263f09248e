import type { Org, UpdateOrgBody } from '@rectify/shared';
import { api } from '@/api';
import type { OrgNode } from '@/utils/org-tree';

interface Named {
  id: number;
  name: string;
}

/** One move of an organization, kept so that it can be undone by moving it back. */
export interface OrgMove {
  org: Named;
  from: Named;
  to: Named;
}

const contains = (node: OrgNode, id: number): boolean => node.children.some((child) => child.id === id || contains(child, id));

/**
 * Where a dragged organization may land: onto another organization, which becomes its parent. Dropping between
 * nodes would be an ordering, which the tree does not keep by hand; onto its own parent changes nothing; into its
 * own subtree the server refuses (orgs.invalid_parent), so the tree does not offer it.
 */
export function canDropInto(dragging: OrgNode, drop: OrgNode, type: 'prev' | 'inner' | 'next'): boolean {
  if (type !== 'inner') return false;
  if (drop.id === dragging.id || drop.id === dragging.parentId) return false;
  return !contains(dragging, drop.id);
}

/** PATCH /api/orgs/:id with a new parent moves the organization's whole subtree. */
export const moveOrg = (id: number, parentId: number) => api.patch<Org>(`/api/orgs/${id}`, { parentId } satisfies UpdateOrgBody);
