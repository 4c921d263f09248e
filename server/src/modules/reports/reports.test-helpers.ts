import { eq } from 'drizzle-orm';
import { demoStories } from '../../demo/demo.ledger.js';
import { writeItemStories, type ItemStory } from '../../demo/demo.stories.js';
import type { TestApp } from '../../test/test-app.js';
import { categories } from '../categories/categories.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

/** Writes stories (with history on their own days) for the demo committee of a test app. */
export async function writeStories(t: TestApp, stories: (Omit<ItemStory, 'orgShortName'> & { orgShortName?: string })[]) {
  const [supervisor] = await t.db.select().from(users).where(eq(users.username, 'supervisor'));
  const [branch] = await t.db.select().from(users).where(eq(users.username, 'branch'));
  const [branch2] = await t.db.select().from(users).where(eq(users.username, 'branch2'));
  const orgRows = await t.db.select().from(orgs);
  const shortName = new Map(orgRows.map((o) => [o.id, o.shortName]));
  const pathOf = new Map(orgRows.map((o) => [o.id, o.path]));
  return writeItemStories(t.db, {
    stories: stories.map((s) => ({ ...s, orgShortName: s.orgShortName ?? shortName.get(s.orgId)! })),
    supervisorId: supervisor.id,
    clerkOf: (orgId) => (pathOf.get(orgId)!.includes(`/${branch.orgId}/`) ? branch.id : orgId === branch2.orgId ? branch2.id : null),
    timeZone: 'Asia/Shanghai',
  });
}

/** The generated demo ledger as of `today`, plus the category ids by name. */
export async function writeDemoLedger(t: TestApp, today: string) {
  const orgRows = await t.db.select().from(orgs);
  const categoryIds = new Map((await t.db.select().from(categories)).map((c) => [c.name, c.id]));
  const orgList = orgRows.filter((o) => o.parentId !== null).sort((a, b) => a.path.localeCompare(b.path));
  await writeStories(t, demoStories({ today, orgList, categoryIds, reviewId: null }));
  return { categoryIds };
}
