import type { Item, OrgHome, OrgHomeItem, OrgHomeQuery } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { addDays } from '../../lib/dates.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createItemsService } from '../items/items.service.js';
import { createNoticesService } from '../notices/notices.service.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import type { SettingsStore } from '../settings/settings.service.js';
import type { Clock } from '../../lib/clock.js';
import { createOrgHomeRepository } from './org-home.repository.js';

export interface OrgHomeDeps {
  db: Db;
  clock: Clock;
  settings: SettingsStore;
  today(): string;
}

const LIST_SIZE = 10;
const pick = ({ id, code, title, deadline, status, light }: Item | OrgHomeItem): OrgHomeItem => ({ id, code, title, deadline, status, light });

/**
 * The organization's home in one answer, in the order a clerk works through it: what was sent back and why, what is
 * overdue, the 督办单 waiting for a reply, and what falls due within the reminder window (not months ahead).
 */
export function createOrgHomeService({ db, clock, settings, today }: OrgHomeDeps) {
  const orgsService = createOrgsService({ db });
  const itemsService = createItemsService({ db, settings, today });
  const noticesService = createNoticesService({ db, clock, settings, today });
  const repo = createOrgHomeRepository({ db });

  return {
    async get(user: AuthUser, query: OrgHomeQuery): Promise<OrgHome> {
      const scope = query.orgId ? { scopePath: (await orgsService.getScoped(user, query.orgId)).org.path } : { scopePath: user.orgPath, leaf: user.orgIsLeaf };
      const day = today();
      const { yellowDays, reminderDays } = await settings.windows(day);
      const light = { today: day, yellowDays };
      const orgId = query.orgId;
      // One at a time: PGlite serves a single connection, and each is a short indexed read.
      const counts = await repo.counts({ ...scope, light });
      const returned = await repo.returned({ ...scope, light, limit: LIST_SIZE });
      const overdue = await itemsService.list(user, { orgId, overdue: true, sort: 'deadline', order: 'asc', pageSize: LIST_SIZE });
      const upcoming = await itemsService.list(user, { orgId, status: 'issued,in_progress', deadlineFrom: day, deadlineTo: addDays(day, reminderDays), sort: 'deadline', order: 'asc', pageSize: LIST_SIZE });
      const waiting = await noticesService.list(user, { orgId, status: 'issued', pageSize: 50 });
      return {
        today: day,
        reminderDays,
        counts,
        returned: returned.map(({ reason, by, at, ...item }) => ({ item: pick(item as OrgHomeItem), reason, by, at: at.toISOString() })),
        overdue: { items: overdue.items.map(pick), total: overdue.total },
        notices: [...waiting.items].sort((a, b) => a.replyDeadline.localeCompare(b.replyDeadline) || a.id - b.id).slice(0, LIST_SIZE),
        upcoming: { items: upcoming.items.map(pick), total: upcoming.total },
      };
    },
  };
}
