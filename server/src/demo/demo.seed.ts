import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { hashPassword } from '../lib/password.js';
import { orgs } from '../modules/orgs/orgs.table.js';
import { createOrgsRepository } from '../modules/orgs/orgs.repository.js';
import { users } from '../modules/users/users.table.js';
import { categories } from '../modules/categories/categories.table.js';
import { seedDemoReviews } from './demo.reviews.js';
import type { Storage } from '../lib/storage/storage.js';
import { demoClerkUsernames, seedDemoLedger } from './demo.ledger.js';
import { seedDemoReviewLevels } from '../modules/review-levels/review-levels.demo.js';

export const DEMO_PASSWORD = 'Demo@2026';

interface DemoOrg {
  key: string;
  name: string;
  shortName: string;
  kind: string;
  children?: DemoOrg[];
}

/** A prefecture-level committee for state organs and the kinds of organizations under it. */
const demoTree: DemoOrg = {
  key: 'committee',
  name: '江川市直属机关工作委员会',
  shortName: '市直机关工委',
  kind: 'committee',
  children: [
    {
      key: 'police',
      name: '江川市公安局党委',
      shortName: '公安',
      kind: 'party_committee',
      children: [
        { key: 'traffic', name: '市公安局交通警察支队党支部', shortName: '交警支队', kind: 'branch' },
        { key: 'police-office', name: '市公安局机关第一党支部', shortName: '公安机关一支部', kind: 'branch' },
      ],
    },
    { key: 'finance', name: '江川市财政局机关党委', shortName: '财政', kind: 'party_committee' },
    { key: 'education', name: '江川市教育局党组', shortName: '教育', kind: 'party_committee' },
    {
      key: 'agri',
      name: '江川市农业科学研究院党委',
      shortName: '农科院',
      kind: 'party_committee',
      children: [{ key: 'crops', name: '农科院作物研究所党总支', shortName: '作物所', kind: 'general_branch' }],
    },
    { key: 'health', name: '江川市卫生健康委员会机关党委', shortName: '卫健', kind: 'party_committee' },
    { key: 'court', name: '江川市中级人民法院机关党委', shortName: '中院', kind: 'party_committee' },
    { key: 'procuratorate', name: '江川市人民检察院机关党委', shortName: '检察', kind: 'party_committee' },
    { key: 'bureau-stats', name: '江川市统计局党支部', shortName: '统计', kind: 'branch' },
    { key: 'archives', name: '江川市档案馆党支部', shortName: '档案', kind: 'branch' },
    { key: 'culture', name: '江川市文化馆党支部', shortName: '文化馆', kind: 'branch' },
  ],
};

const demoUsers = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', org: 'committee' },
  { username: 'supervisor', displayName: '李督办（工委组织科）', role: 'supervisor', org: 'committee' },
  { username: 'branch', displayName: '王经办（公安局党委）', role: 'branch', org: 'police' },
  { username: 'branch2', displayName: '陈经办（财政局机关党委）', role: 'branch', org: 'finance' },
  { username: 'viewer', displayName: '赵书记（工委领导）', role: 'viewer', org: 'committee' },
] as const;

/** Typical categories seen in review comments; administrators edit the list. */
export const defaultCategories = ['政治建设', '理论学习', '组织建设', '党风廉政建设', '作风建设', '党建与业务融合', '党务干部队伍', '活动载体与创新', '信息化建设'];

export type DemoOrgIds = Record<string, number>;

/** Creates the demo committee when the database has no organizations yet; otherwise does nothing. */
/**
 * `ledger`: also write about sixty sample items over the months before `today`, with a clerk for each organization
 * and, given `storage`, the evidence of each closure request (the server does; tests do not).
 */
export async function seedDemoData({ db, ledger }: { db: Db; ledger?: { today: string; timeZone: string; storage?: Storage } }) {
  const usernames = [...demoUsers.map((u) => u.username), ...(ledger ? demoClerkUsernames : [])];
  const [{ n }] = await db.select({ n: count() }).from(orgs);
  if (n > 0) return { created: false, password: DEMO_PASSWORD, usernames, orgIds: {} as DemoOrgIds };

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const orgIds: DemoOrgIds = await db.transaction(async (tx) => {
    const ids: DemoOrgIds = {};
    const [root] = await tx
      .insert(orgs)
      .values({ name: demoTree.name, shortName: demoTree.shortName, kind: demoTree.kind, path: '/', depth: 0 })
      .returning();
    await tx.update(orgs).set({ path: `/${root.id}/` }).where(eq(orgs.id, root.id));
    ids[demoTree.key] = root.id;

    const repo = createOrgsRepository({ db: tx });
    async function addChildren(parent: { id: number; path: string; depth: number }, children: DemoOrg[] = []) {
      for (const [i, child] of children.entries()) {
        const { org } = await repo.insert({
          parentId: parent.id,
          parentPath: parent.path,
          parentDepth: parent.depth,
          name: child.name,
          shortName: child.shortName,
          kind: child.kind,
          sortOrder: i,
        });
        ids[child.key] = org.id;
        await addChildren(org, child.children);
      }
    }
    await addChildren({ id: root.id, path: `/${root.id}/`, depth: 0 }, demoTree.children);

    await tx.insert(categories).values(defaultCategories.map((name, i) => ({ name, sortOrder: i + 1 }))).onConflictDoNothing();
    await tx.insert(users).values(demoUsers.map((u) => ({ username: u.username, displayName: u.displayName, role: u.role, orgId: ids[u.org], passwordHash })));
    return ids;
  });
  await seedDemoReviews({ db, orgIds });
  if (ledger) await seedDemoLedger({ db, ...ledger, passwordHash });
  if (ledger) await seedDemoReviewLevels({ db, committeeId: orgIds.committee });
  return { created: true, password: DEMO_PASSWORD, usernames, orgIds };
}
