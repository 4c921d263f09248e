import { computed, ref } from 'vue';
import type { ConfirmDraftsBody, DraftItem, ItemSource, ItemType } from '@rectify/shared';

/** One draft item as the supervisor edits it before 确认建账; nothing of it is on the server yet. */
export interface DraftRow {
  key: number;
  title: string;
  description: string;
  categoryId: number | null;
  /** The words that made the server suggest the category, shown as a hint while it is unchanged. */
  keywords: string[];
  suggestedCategoryId: number | null;
  deadline: string;
  type: ItemType;
  responsibleLeader: string;
  responsiblePerson: string;
  /** 已建账: the item the organization already has from this review for the same problem. */
  existing: { id: number; code: string } | null;
  /** Whether 确认建账 creates it: a draft already 已建账 starts unticked. */
  included: boolean;
}

export type DraftIssue = { n: number; field: 'description' | 'deadline' } | { n: 0; field: 'none' };

export interface DraftDefaults {
  deadline?: string;
  type?: ItemType;
}

const optional = (value: string) => value.trim() || null;

/**
 * The draft table's state: the drafts the server read from a comment, edited, removed or added to by hand, and
 * the body of the one request (POST /api/reviews/:id/items) that creates what is left.
 */
export function useDraftItems() {
  const rows = ref<DraftRow[]>([]);
  /** Whether drafts were loaded or started: an empty table then still means "nothing to create". */
  const active = ref(false);
  let nextKey = 1;

  const blank = (defaults: DraftDefaults): DraftRow => ({
    key: nextKey++,
    title: '',
    description: '',
    categoryId: null,
    keywords: [],
    suggestedCategoryId: null,
    deadline: defaults.deadline ?? '',
    type: defaults.type ?? 'deadline',
    responsibleLeader: '',
    responsiblePerson: '',
    existing: null,
    included: true,
  });

  function load(drafts: readonly DraftItem[], defaults: DraftDefaults = {}) {
    rows.value = drafts.map((d) => ({ ...blank(defaults), title: d.title, description: d.description, categoryId: d.categoryId, suggestedCategoryId: d.categoryId, keywords: [...d.keywords], existing: d.existing, included: !d.existing }));
    active.value = true;
  }

  function add(defaults: DraftDefaults = {}) {
    const row = blank(defaults);
    rows.value.push(row);
    active.value = true;
    return row;
  }

  function remove(key: number) {
    rows.value = rows.value.filter((row) => row.key !== key);
  }

  /** 统一整改时限: the same deadline for every draft; each can still be changed afterwards. */
  function setDeadlineForAll(deadline: string) {
    for (const row of rows.value) row.deadline = deadline;
  }

  function clear() {
    rows.value = [];
    active.value = false;
  }

  const included = computed(() => rows.value.filter((row) => row.included));
  /** Ticked drafts that repeat an item already 已建账: creating them needs the supervisor's explicit choice. */
  const repeats = computed(() => included.value.filter((row) => row.existing));

  /** What stops 确认建账, by the draft's position (1-based) as the table shows it. */
  const issues = computed<DraftIssue[]>(() => {
    if (included.value.length === 0) return [{ n: 0, field: 'none' }];
    return rows.value.flatMap((row, i): DraftIssue[] => !row.included ? [] : [
      ...(row.description.trim() ? [] : [{ n: i + 1, field: 'description' as const }]),
      ...(row.deadline ? [] : [{ n: i + 1, field: 'deadline' as const }]),
    ]);
  });

  /** The confirmation request: the comment as typed goes with the items, so both are stored together. */
  function toBody({ orgId, comment, source }: { orgId: number; comment?: string; source?: ItemSource }): ConfirmDraftsBody {
    const body: ConfirmDraftsBody = {
      orgId,
      items: included.value.map((row) => ({
        ...(row.title.trim() ? { title: row.title.trim() } : {}),
        description: row.description.trim(),
        categoryId: row.categoryId,
        deadline: row.deadline,
        type: row.type,
        responsibleLeader: optional(row.responsibleLeader),
        responsiblePerson: optional(row.responsiblePerson),
      })),
    };
    if (repeats.value.length) body.allowDuplicates = true;
    if (comment?.trim()) body.comment = comment.trim();
    if (source) body.source = source;
    return body;
  }

  return { rows, active, included, repeats, issues, load, add, remove, setDeadlineForAll, clear, toBody };
}

export type DraftItems = ReturnType<typeof useDraftItems>;
