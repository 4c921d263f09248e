import { eq } from 'drizzle-orm';
import type { ItemSource } from '@rectify/shared';
import type { Db } from '../db/client.js';
import { addDays } from '../lib/dates.js';
import { categories } from '../modules/categories/categories.table.js';
import { orgs } from '../modules/orgs/orgs.table.js';
import { reviews } from '../modules/reviews/reviews.table.js';
import { users } from '../modules/users/users.table.js';
import { writeItemStories, type ItemStory, type StoryStep } from './demo.stories.js';

/** Problems of the kind review comments list, each with its category. */
const problems: { category: string; title: string; description: string; source: ItemSource }[] = [
  { category: '理论学习', title: '理论学习不够系统深入', description: '理论学习不够系统深入，学用结合不紧密，个别支部集中学习以读文件代替研讨交流。', source: 'review' },
  { category: '理论学习', title: '青年理论学习小组作用发挥不充分', description: '青年理论学习小组活动次数不足，学习记录简单，缺少学习成果转化。', source: 'self_inspection' },
  { category: '组织建设', title: '“三会一课”制度落实不规范', description: '部分支部“三会一课”记录不完整，党课次数未达到要求，组织生活会查摆问题不具体。', source: 'review' },
  { category: '组织建设', title: '支部换届不及时', description: '个别党支部任期届满未按期换届，支委会分工不明确。', source: 'inspection' },
  { category: '组织建设', title: '发展党员程序不够严谨', description: '发展党员材料中存在时间节点倒置、政审材料不完整等问题。', source: 'special_check' },
  { category: '党风廉政建设', title: '廉政风险点排查不全面', description: '廉政风险防控手册多年未更新，重点岗位风险点排查不全面。', source: 'inspection' },
  { category: '党风廉政建设', title: '警示教育形式单一', description: '警示教育以传达文件为主，缺少身边案例剖析，教育效果不明显。', source: 'mass_opinion' },
  { category: '作风建设', title: '调查研究不够深入', description: '领导班子成员到基层调研次数偏少，调研报告质量不高，问题解决率低。', source: 'review' },
  { category: '作风建设', title: '文山会海问题仍有反弹', description: '会议数量同比增加，部分文件照抄照转，基层负担未有效减轻。', source: 'higher_feedback' },
  { category: '党建与业务融合', title: '党建与业务“两张皮”', description: '党建工作与中心工作结合不紧，党建考核与业务考核相互脱节。', source: 'review' },
  { category: '党建与业务融合', title: '党员先锋岗示范作用不明显', description: '党员先锋岗、示范岗设置后缺少考核评价，作用发挥不明显。', source: 'self_inspection' },
  { category: '党务干部队伍', title: '党务干部培训不足', description: '专兼职党务干部业务培训覆盖面不足，新任支部书记未参加任职培训。', source: 'review' },
  { category: '活动载体与创新', title: '主题党日活动形式单一', description: '主题党日活动以集中学习为主，缺少实践活动，党员参与积极性不高。', source: 'mass_opinion' },
  { category: '信息化建设', title: '党建信息平台数据更新不及时', description: '党员信息管理系统数据更新滞后，组织关系转接未及时录入。', source: 'special_check' },
  { category: '政治建设', title: '意识形态工作责任制落实不到位', description: '意识形态工作专题研究次数不足，阵地管理台账不健全。', source: 'review' },
];

const people = ['张明', '李华', '王强', '刘芳', '陈静', '杨帆', '赵磊', '黄敏', '周涛', '吴琳'];

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
      responsibleLeader: pick(people),
      responsiblePerson: pick(people),
      createdOn,
      deadline,
      // Steps keep their order: a step never falls before the one it follows.
      steps: steps.map((s, i) => (i > 0 && s.on < steps[i - 1].on ? { ...s, on: steps[i - 1].on } : s)),
    });
  }
  return stories;
}

/** Writes the demo ledger (called by the demo seed on an empty database). */
export async function seedDemoLedger({ db, today, timeZone }: { db: Db; today: string; timeZone: string }) {
  const [supervisor] = await db.select().from(users).where(eq(users.username, 'supervisor'));
  const clerks = await db.select({ id: users.id, orgId: users.orgId }).from(users).where(eq(users.role, 'branch'));
  const orgRows = await db.select().from(orgs);
  const orgList = orgRows.filter((o) => o.parentId !== null).sort((a, b) => a.path.localeCompare(b.path));
  const byPath = new Map(orgRows.map((o) => [o.id, o.path]));
  const categoryIds = new Map((await db.select().from(categories)).map((c) => [c.name, c.id]));
  const [review] = await db.select({ id: reviews.id }).from(reviews).orderBy(reviews.id).limit(1);
  // An organization's steps are taken by a clerk who sees it; demo organizations without one leave the actor empty.
  const clerkOf = (orgId: number) => clerks.find((c) => byPath.get(orgId)?.includes(`/${c.orgId}/`))?.id ?? null;
  return writeItemStories(db, { stories: demoStories({ today, orgList, categoryIds, reviewId: review?.id ?? null }), supervisorId: supervisor.id, clerkOf, timeZone });
}
