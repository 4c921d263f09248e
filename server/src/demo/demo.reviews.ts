import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { reviewComments, reviews } from '../modules/reviews/reviews.table.js';
import { users } from '../modules/users/users.table.js';
import type { DemoOrgIds } from './demo.seed.js';

/** The committee's comments on a few organizations, written for the demo in the shapes real comments take. */
const demoComments: Record<string, string> = {
  police:
    '市公安局党委书记认真履行抓党建第一责任人职责，推动党建工作与执法执勤深度融合，“警营先锋”品牌初步叫响。' +
    '对照年度考核要求，还存在一些不足：一是理论学习不够深入，党委中心组研讨发言准备不充分，学用结合不紧密；' +
    '二是基层支部“三会一课”落实不够规范，交警支队党支部部分会议记录缺项；三是青年民警中发展党员偏少，党员队伍年龄结构偏大。' +
    '希望局党委对照问题逐项制定整改措施，于8月底前将整改情况报送工委。',
  finance:
    '财政局机关党委围绕预算管理改革开展党员先锋岗创建，成效明显。但也要看到，党建与业务融合还不够紧密，' +
    '部分处室存在重业务轻党建的现象，党建工作考核结果运用不充分。希望机关党委在新的一年里进一步压实责任。',
  agri: [
    '院党委全年召开党建专题会议六次，作物研究所党总支完成换届，科研团队中党员骨干作用发挥明显。',
    '存在的问题：',
    '（一）所属党总支督促指导不够，个别支部组织生活流于形式。',
    '（二）党务干部力量薄弱，作物研究所党总支没有配备专职党务干部。',
    '（三）党建信息化手段运用不够，支部工作仍以纸质台账为主。',
    '下一步，院党委要对照上述问题逐条整改。',
  ].join('\n'),
  archives: '档案馆党支部结合馆藏数字化开展主题党日活动，形式新颖，党员参与度高，群众评价好。',
};

/** One review of the demo committee with the comments above; skipped when a review already exists. */
export async function seedDemoReviews({ db, orgIds }: { db: DbOrTx; orgIds: DemoOrgIds }) {
  const [existing] = await db.select({ id: reviews.id }).from(reviews).limit(1);
  if (existing) return { created: false };
  const [supervisor] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'supervisor'));
  if (!supervisor) return { created: false };
  const [review] = await db
    .insert(reviews)
    .values({
      committeeId: orgIds.committee,
      title: '2026年度党组织书记抓基层党建工作述职评议',
      kind: 'report_review',
      heldOn: '2026-01-16',
      notes: '7个单位现场述职，其余单位书面述职；书面述职的点评意见通过工作群反馈。',
      createdBy: supervisor.id,
    })
    .returning({ id: reviews.id });
  await db.insert(reviewComments).values(Object.entries(demoComments).map(([key, text]) => ({ reviewId: review.id, orgId: orgIds[key], text, updatedBy: supervisor.id })));
  return { created: true };
}
