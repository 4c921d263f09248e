import type { orgAdminZhCN } from './org-admin.zh-CN';

export const orgAdminEn: typeof orgAdminZhCN = {
  orgAdmin: {
    add: 'Add sub-organization',
    edit: 'Edit',
    users: 'Users',
    openItems: 'Open items',
    openItemsValue: '{open} ({all} in all)',
    nodeCounts: '{users} users · {open} open',
    created: 'Added “{name}”',
    saved: 'Saved “{name}”',
    form: {
      addTitle: 'Add a sub-organization',
      editTitle: 'Edit organization',
      namePlaceholder: 'e.g. Party committee of the municipal audit office',
      nameRequired: 'Enter the full name',
      shortNamePlaceholder: 'Same as the full name when left empty',
      sortOrder: 'Sort order',
      sortOrderHint: 'Organizations under one parent are listed by this number, smallest first',
      save: 'Save',
    },
    move: {
      button: 'Move',
      title: 'Move “{name}”',
      current: 'Current parent: {parent}',
      target: 'New parent organization',
      placeholder: 'Type to filter, arrow keys to choose, Enter to confirm',
      noMatch: 'No organization matches',
      hint: 'Its sub-organizations, users and items move with it; it cannot be moved under itself or its own sub-organizations.',
    },
    remove: {
      button: 'Delete',
      title: 'Delete organization',
      confirm: 'Delete “{name}”? This cannot be undone.',
      blocked: '“{name}” still has {users} users, {items} items and {children} sub-organizations and cannot be deleted. Move or disable the users and move the sub-organizations first; an organization with items cannot be deleted.',
      understood: 'OK',
      done: 'Deleted “{name}”',
    },
  },
};
