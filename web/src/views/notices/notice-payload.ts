import type { CreateNoticeBody, NoticeLevel } from '@rectify/shared';
import type { SelectedItem } from '@/stores/itemSelection';

export interface NoticeForm {
  level: NoticeLevel;
  requirements: string;
  replyDeadline: string;
}

export interface NoticeGroup {
  orgId: number;
  orgName: string;
  items: SelectedItem[];
}

const finished = (item: SelectedItem) => item.status === 'closed' || item.status === 'cancelled';

/**
 * The chosen items a notice can name, by organization (in the order they were chosen). A notice is addressed to
 * one organization, so items of several organizations make one notice each; finished items are left out.
 */
export function groupByOrg(items: readonly SelectedItem[]): NoticeGroup[] {
  const groups = new Map<number, NoticeGroup>();
  for (const item of items) {
    if (finished(item)) continue;
    const group = groups.get(item.orgId) ?? { orgId: item.orgId, orgName: item.orgName, items: [] };
    group.items.push(item);
    groups.set(item.orgId, group);
  }
  return [...groups.values()];
}

/** The POST /api/notices bodies, one per organization, naming it as the recipient. */
export function noticeBodies(groups: readonly NoticeGroup[], form: NoticeForm): CreateNoticeBody[] {
  return groups.map((group) => ({
    orgId: group.orgId,
    itemIds: group.items.map((item) => item.id),
    level: form.level,
    requirements: form.requirements.trim(),
    replyDeadline: form.replyDeadline,
  }));
}

/** Red when any chosen item is overdue, yellow when any is due soon, blue otherwise. */
export function suggestedLevel(items: readonly SelectedItem[]): NoticeLevel {
  const open = items.filter((item) => !finished(item));
  if (open.some((item) => item.light === 'red')) return 'red';
  if (open.some((item) => item.light === 'yellow')) return 'yellow';
  return 'blue';
}

/** A calendar day `days` after `day` (both 'YYYY-MM-DD'). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
