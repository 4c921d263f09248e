import { describe, expect, it } from 'vitest';
import type { Org } from '@rectify/shared';
import { buildOrgTree, type OrgNode } from '@/utils/org-tree';
import { canDropInto } from './org-move';

const org = (id: number, parentId: number | null, name: string): Org => ({ id, parentId, name, shortName: name, kind: 'party_committee', depth: 0, sortOrder: id });
const tree = buildOrgTree([org(1, null, '工委'), org(2, 1, '公安局党委'), org(3, 2, '交警支队'), org(4, 3, '一大队'), org(5, 1, '财政局机关党委')]);
const byId = new Map<number, OrgNode>();
const walk = (nodes: OrgNode[]) => nodes.forEach((n) => (byId.set(n.id, n), walk(n.children)));
walk(tree);
const node = (id: number) => byId.get(id)!;

describe('where a dragged organization may land', () => {
  it('onto another organization, which becomes its parent', () => {
    expect(canDropInto(node(3), node(5), 'inner')).toBe(true);
    expect(canDropInto(node(5), node(2), 'inner')).toBe(true);
  });

  it('not between organizations, onto itself, or onto the parent it already has', () => {
    expect(canDropInto(node(3), node(5), 'prev')).toBe(false);
    expect(canDropInto(node(3), node(5), 'next')).toBe(false);
    expect(canDropInto(node(3), node(3), 'inner')).toBe(false);
    expect(canDropInto(node(3), node(2), 'inner')).toBe(false);
  });

  it('not anywhere in its own subtree', () => {
    expect(canDropInto(node(2), node(3), 'inner')).toBe(false);
    expect(canDropInto(node(2), node(4), 'inner')).toBe(false);
  });
});
