import { describe, expect, it } from 'vitest';
import type { Org } from '@rectify/shared';
import { buildOrgTree, countByKind } from './org-tree';

const org = (id: number, parentId: number | null, name: string, kind: Org['kind'], sortOrder = 0): Org => ({
  id,
  parentId,
  name,
  shortName: name,
  kind,
  depth: 0,
  sortOrder,
});

describe('buildOrgTree', () => {
  it('nests children under their parents in sort order', () => {
    const tree = buildOrgTree([org(3, 1, '财政局', 'party_committee', 1), org(1, null, '工委', 'committee'), org(2, 1, '公安局', 'party_committee', 0), org(4, 2, '交警支队', 'branch')]);
    expect(tree.map((n) => n.name)).toEqual(['工委']);
    expect(tree[0]!.children.map((n) => n.name)).toEqual(['公安局', '财政局']);
    expect(tree[0]!.children[0]!.children.map((n) => n.name)).toEqual(['交警支队']);
  });

  it('when the parent is outside the caller\'s scope, the organization is a root', () => {
    const tree = buildOrgTree([org(2, 1, '公安局', 'party_committee'), org(4, 2, '交警支队', 'branch')]);
    expect(tree.map((n) => n.name)).toEqual(['公安局']);
  });

  it('counts organizations by kind', () => {
    expect(countByKind([org(1, null, 'a', 'committee'), org(2, 1, 'b', 'branch'), org(3, 1, 'c', 'branch')])).toEqual({ committee: 1, branch: 2 });
  });
});
