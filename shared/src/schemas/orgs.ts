import { Type, type Static } from 'typebox';
import { Id, Strict } from './common.js';

export const orgKinds = ['committee', 'party_committee', 'party_group', 'general_branch', 'branch'] as const;
export const orgKindLabels: Record<(typeof orgKinds)[number], string> = {
  committee: '工委',
  party_committee: '党委',
  party_group: '党组',
  general_branch: '党总支',
  branch: '党支部',
};
export const OrgKind = Type.Enum(orgKinds);

export const Org = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.String(),
  shortName: Type.String(),
  kind: OrgKind,
  depth: Type.Integer(),
  sortOrder: Type.Integer(),
});

export const OrgListQuery = Strict({
  root: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

/** What an organization holds of its own (not counting its sub-organizations): what stands in the way of deleting it. */
export const OrgCounts = Type.Object({
  id: Type.Integer(),
  users: Type.Integer({ description: 'accounts of this organization, enabled or not' }),
  openItems: Type.Integer({ description: 'items of this organization not closed or cancelled' }),
  items: Type.Integer({ description: 'all items of this organization' }),
  children: Type.Integer({ description: 'direct sub-organizations' }),
});
export const OrgCountsQuery = Strict({ root: Type.Optional(Id) });

export const CreateOrgBody = Strict({
  parentId: Id,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  kind: OrgKind,
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
});

export const UpdateOrgBody = Strict({
  parentId: Type.Optional(Id),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  kind: Type.Optional(OrgKind),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
});

export type Org = Static<typeof Org>;
export type OrgCounts = Static<typeof OrgCounts>;
export type OrgKind = Static<typeof OrgKind>;
export type CreateOrgBody = Static<typeof CreateOrgBody>;
export type UpdateOrgBody = Static<typeof UpdateOrgBody>;
