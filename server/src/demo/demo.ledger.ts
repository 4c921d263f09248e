import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { addDays } from '../lib/dates.js';
import type { Storage } from '../lib/storage/storage.js';
import { categories } from '../modules/categories/categories.table.js';
import { orgs } from '../modules/orgs/orgs.table.js';
import { reviews } from '../modules/reviews/reviews.table.js';
import { users } from '../modules/users/users.table.js';
import { storeDemoEvidence, type DemoEvidenceFile } from './demo.evidence.js';
import { demoProblems as problems } from './demo.problems.js';
import { writeItemStories, type ItemStory, type StoryMeasure, type StoryStep } from './demo.stories.js';

const people = ['张明', '李华', '王强', '刘芳', '陈静', '杨帆', '赵磊', '黄敏', '周涛', '吴琳'];

/**
 * The clerks of the organizations the demo users do not cover, so that every step an organization takes in the
 * demo history names the person who took it.
 */
const demoClerks: Record<string, { username: string; displayName: string }> = {
  教育: { username: 'clerk-edu', displayName: '孙经办（教育局党组）' },
  农科院: { username: 'clerk-agri', displayName: '周经办（农科院党委）' },
  卫健: { username: 'clerk-health', displayName: '吴经办（卫健委机关党委）' },
  中院: { username: 'clerk-court', displayName: '郑经办（中院机关党委）' },
  检察: { username: 'clerk-procuratorate', displayName: '冯经办（检察院机关党委）' },
  统计: { username: 'clerk-stats', displayName: '褚经办（统计局党支部）' },
  档案: { username: 'clerk-archives', displayName: '卫经办（档案馆党支部）' },
  文化馆: { username: 'clerk-culture', displayName: '蒋经办（文化馆党支部）' },
};
export const demoClerkUsernames = Object.values(demoClerks).map((c) => c.username);

const firstEvidence: DemoEvidenceFile[] = [
  { name: '整改工作会议记录.pdf', kind: 'pdf', caption: 'Rectification meeting record' },
  { name: '整改现场照片.jpg', kind: 'photo', caption: 'On-site photo' },
];
const moreEvidence: DemoEvidenceFile[] = [{ name: '补充会议记录.pdf', kind: 'pdf', caption: 'Supplementary meeting record' }];

/** Each closure request comes with its evidence, uploaded that day: the files first, more after a send-back. */
function withEvidence(steps: StoryStep[]): StoryStep[] {
  let requests = 0;
  return steps.flatMap((step) => {
    if (step.action !== 'request_closure') return [step];
    const files = requests++ === 0 ? firstEvidence : moreEvidence;
    return [...files.map((file): StoryStep => ({ on: step.on, action: 'evidence', file })), step];
  });
}

/** The problem's measures, each with an owner and a deadline spread over the time allowed. */
function measuresOf(measures: string[], { n, createdOn, deadline }: { n: number; createdOn: string; deadline: string }): StoryMeasure[] {
  const span = Math.max(measures.length, Math.round((Date.parse(deadline) - Date.parse(createdOn)) / 86400000));
  return measures.map((content, i) => ({
    content,
    responsiblePerson: people[(n + i * 3) % people.length],
    deadline: addDays(createdOn, Math.round((span * (i + 1)) / measures.length)),
  }));
}

/** A deterministic generator, so the demo looks the same on every machine. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * About sixty items issued over the last six months, in every state a committee sees: just issued, in progress,
 * awaiting closure, returned and re-submitted, extended, closed on time and late, and overdue.
 */
export function demoStories({ today, orgList, categoryIds, reviewId }: { today: string; orgList: { id: number; shortName: string }[]; categoryIds: Map<string, number>; reviewId: number | null }): ItemStory[] {
  const next = random(20260301);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const stories: ItemStory[] = [];
  for (let n = 0; n < 60; n++) {
    const age = Math.floor(next() * 175) + 3;
    const createdOn = addDays(today, -age);
    const deadline = addDays(createdOn, 30 + Math.floor(next() * 90));
    const problem = problems[n % problems.length];
    const org = orgList[(n * 7 + Math.floor(next() * 3)) % orgList.length];
    const steps: StoryStep[] = [];
    const day = (offset: number) => {
      const d = addDays(createdOn, offset);
      return d < today ? d : addDays(today, -1);
    };
    const fate = next();
    const span = Math.max(2, Math.round((Date.parse(deadline) - Date.parse(createdOn)) / 86400000));
    if (age > 5 || fate < 0.5) steps.push({ on: day(3), action: 'progress', comment: '已召开专题会议研究整改措施，明确责任分工。' });
    if (fate < 0.12 && age > 20) {
      steps.push({ on: day(10), action: 'request_extension', comment: '涉及制度修订，需提交党委会审议，申请延期。', newDeadline: addDays(deadline, 45) });
      steps.push({ on: day(12), action: 'approve_extension' });
    }
    const finish = fate < 0.75 ? day(Math.round(span * (0.5 + next() * 0.9))) : null;
    if (finish && finish < today && age > 20) {
      steps.push({ on: day(Math.round(span * 0.3)), action: 'progress', comment: '整改措施已落实过半，相关制度正在修订。' });
      if (fate > 0.65) {
        steps.push({ on: finish, action: 'request_closure', comment: '整改任务已完成，佐证材料已上传。' });
        steps.push({ on: finish < addDays(today, -3) ? addDays(finish, 2) : finish, action: 'reject_closure', comment: '佐证材料不充分，请补充会议记录。' });
      }
      const submitted = addDays(finish, fate > 0.65 ? 3 : 0);
      if (submitted < today) {
        steps.push({ on: submitted, action: 'request_closure', comment: '已按要求完成整改，形成长效机制。' });
        const decided = addDays(submitted, 1 + Math.floor(next() * 4));
        if (decided < today && next() < 0.85) steps.push({ on: decided, action: 'approve_closure' });
      }
    }
    stories.push({
      orgId: org.id,
      orgShortName: org.shortName,
      categoryId: categoryIds.get(problem.category) ?? null,
      source: problem.source,
      reviewId: problem.source === 'review' ? reviewId : null,
      type: next() < 0.15 ? 'long_term' : next() < 0.25 ? 'immediate' : 'deadline',
      title: problem.title,
      description: problem.description,
      rootCause: problem.rootCause,
      target: problem.target,
      measures: measuresOf(problem.measures, { n, createdOn, deadline }),
      responsibleLeader: pick(people),
      responsiblePerson: pick(people),
      createdOn,
      deadline,
      // Steps keep their order: a step never falls before the one it follows.
      steps: withEvidence(steps.map((s, i) => (i > 0 && s.on < steps[i - 1].on ? { ...s, on: steps[i - 1].on } : s))),
    });
  }
  return stories;
}

/** Adds a clerk to each demo organization at the top level that none of the demo users works for. */
async function addDemoClerks(db: Db, passwordHash: string) {
  const clerks = await db.select({ orgId: users.orgId }).from(users).where(eq(users.role, 'branch'));
  const covered = new Set(clerks.map((c) => c.orgId));
  const missing = (await db.select().from(orgs)).filter((o) => o.depth === 1 && !covered.has(o.id) && demoClerks[o.shortName]);
  if (missing.length === 0) return;
  await db.insert(users).values(missing.map((o) => ({ ...demoClerks[o.shortName], role: 'branch', orgId: o.id, passwordHash })));
}

/**
 * Writes the demo ledger (called by the demo seed on an empty database). With `storage`, each closure request
 * carries evidence files stored there, as uploads are.
 */
export async function seedDemoLedger({ db, today, timeZone, passwordHash, storage }: { db: Db; today: string; timeZone: string; passwordHash: string; storage?: Storage }) {
  await addDemoClerks(db, passwordHash);
  const [supervisor] = await db.select().from(users).where(eq(users.username, 'supervisor'));
  const clerks = await db.select({ id: users.id, orgId: users.orgId }).from(users).where(eq(users.role, 'branch'));
  const orgRows = await db.select().from(orgs);
  const orgList = orgRows.filter((o) => o.parentId !== null).sort((a, b) => a.path.localeCompare(b.path));
  const byPath = new Map(orgRows.map((o) => [o.id, o.path]));
  const categoryIds = new Map((await db.select().from(categories)).map((c) => [c.name, c.id]));
  const [review] = await db.select({ id: reviews.id }).from(reviews).orderBy(reviews.id).limit(1);
  // An organization's steps are taken by the clerk whose organization holds it.
  const clerkOf = (orgId: number) => clerks.find((c) => byPath.get(orgId)?.includes(`/${c.orgId}/`))?.id ?? null;
  return writeItemStories(db, {
    stories: demoStories({ today, orgList, categoryIds, reviewId: review?.id ?? null }),
    supervisorId: supervisor.id,
    clerkOf,
    timeZone,
    store: storage && ((file, seed) => storeDemoEvidence(storage, file, seed)),
  });
}
