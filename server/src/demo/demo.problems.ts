import type { ItemSource } from '@rectify/shared';

/**
 * Problems of the kind review comments list, each with its category and the organization's answer as a clerk
 * writes it in the ledger: 原因剖析, 整改目标 and the measures (each gets an owner and a deadline in demo.ledger.ts).
 */
export interface DemoProblem {
  category: string;
  title: string;
  description: string;
  source: ItemSource;
  rootCause: string;
  target: string;
  measures: string[];
}

export const demoProblems: DemoProblem[] = [
  {
    category: '理论学习',
    title: '理论学习不够系统深入',
    description: '理论学习不够系统深入，学用结合不紧密，个别支部集中学习以读文件代替研讨交流。',
    source: 'review',
    rootCause: '党委中心组学习计划重数量轻质量，缺少研讨和成果转化的要求，对支部学习的督促检查不经常。',
    target: '形成“计划—研讨—转化”的学习闭环，每季度至少一次专题研讨，学习成果转化为具体工作举措。',
    measures: ['修订党委理论学习中心组年度学习计划，明确专题研讨安排', '每季度开展一次专题研讨并形成研讨纪要', '开展支部学习情况督导检查，通报检查结果'],
  },
  {
    category: '理论学习',
    title: '青年理论学习小组作用发挥不充分',
    description: '青年理论学习小组活动次数不足，学习记录简单，缺少学习成果转化。',
    source: 'self_inspection',
    rootCause: '青年理论学习小组缺少固定的组织者和活动计划，对活动开展没有考核。',
    target: '青年理论学习小组每月活动一次，活动有记录、有成果。',
    measures: ['明确各青年理论学习小组组长和联络员', '制定全年学习活动计划，每月开展一次活动', '年底评选优秀学习成果并交流'],
  },
  {
    category: '组织建设',
    title: '“三会一课”制度落实不规范',
    description: '部分支部“三会一课”记录不完整，党课次数未达到要求，组织生活会查摆问题不具体。',
    source: 'review',
    rootCause: '支部书记对“三会一课”的规定掌握不准，机关党委日常指导和检查不到位。',
    target: '各支部“三会一课”按规定的次数和程序开展，记录完整规范。',
    measures: ['组织支部书记学习“三会一课”制度规定', '统一会议记录本并逐月检查', '将落实情况纳入支部书记抓党建述职评议'],
  },
  {
    category: '组织建设',
    title: '支部换届不及时',
    description: '个别党支部任期届满未按期换届，支委会分工不明确。',
    source: 'inspection',
    rootCause: '对支部任期届满情况没有台账提醒，换届工作缺少提前谋划。',
    target: '任期届满支部全部按期换届，支委分工明确。',
    measures: ['建立支部任期台账，届满前三个月提醒', '指导届满支部完成换届选举', '明确支委分工并报机关党委备案'],
  },
  {
    category: '组织建设',
    title: '发展党员程序不够严谨',
    description: '发展党员材料中存在时间节点倒置、政审材料不完整等问题。',
    source: 'special_check',
    rootCause: '发展党员工作经办人员更换频繁，材料审核把关不严。',
    target: '发展党员材料全部规范完整，程序环环相扣。',
    measures: ['对近三年发展党员材料逐份复查并整改', '制定发展党员工作流程图和材料清单', '组织发展党员业务培训'],
  },
  {
    category: '党风廉政建设',
    title: '廉政风险点排查不全面',
    description: '廉政风险防控手册多年未更新，重点岗位风险点排查不全面。',
    source: 'inspection',
    rootCause: '风险防控工作停留在建立手册阶段，没有随职能调整动态更新。',
    target: '完成重点岗位廉政风险点全面排查，修订廉政风险防控手册。',
    measures: ['组织重点岗位逐岗排查廉政风险点', '修订印发廉政风险防控手册', '对高风险岗位开展专项提醒谈话'],
  },
  {
    category: '党风廉政建设',
    title: '警示教育形式单一',
    description: '警示教育以传达文件为主，缺少身边案例剖析，教育效果不明显。',
    source: 'mass_opinion',
    rootCause: '警示教育缺少年度计划，教育形式和资源单一。',
    target: '警示教育有计划、有案例、有触动，全年不少于四次。',
    measures: ['制定年度警示教育计划', '组织观看警示教育片并开展身边案例剖析', '组织参观廉政教育基地'],
  },
  {
    category: '作风建设',
    title: '调查研究不够深入',
    description: '领导班子成员到基层调研次数偏少，调研报告质量不高，问题解决率低。',
    source: 'review',
    rootCause: '调研计划不明确，调研成果的转化和问题解决缺少跟踪。',
    target: '班子成员每人每年至少形成一篇高质量调研报告，调研发现的问题限期解决。',
    measures: ['制定班子成员年度调研计划和调研课题', '建立调研发现问题清单并跟踪解决', '召开调研成果交流会'],
  },
  {
    category: '作风建设',
    title: '文山会海问题仍有反弹',
    description: '会议数量同比增加，部分文件照抄照转，基层负担未有效减轻。',
    source: 'higher_feedback',
    rootCause: '发文办会审核把关不严，没有执行年度计划和数量控制。',
    target: '会议和发文数量同比下降百分之十以上，不照抄照转。',
    measures: ['实行会议和发文计划管理与审批', '每季度统计通报会议发文数量', '推行合并开会和视频会议'],
  },
  {
    category: '党建与业务融合',
    title: '党建与业务“两张皮”',
    description: '党建工作与中心工作结合不紧，党建考核与业务考核相互脱节。',
    source: 'review',
    rootCause: '党建工作谋划时没有与年度业务目标对标，考核指标各自设置。',
    target: '党建与业务同部署、同考核，形成一批融合示范项目。',
    measures: ['将党建指标纳入业务科室年度考核', '每个支部确定一个党建业务融合项目', '年中召开融合推进会交流经验'],
  },
  {
    category: '党建与业务融合',
    title: '党员先锋岗示范作用不明显',
    description: '党员先锋岗、示范岗设置后缺少考核评价，作用发挥不明显。',
    source: 'self_inspection',
    rootCause: '先锋岗设置后缺少承诺、评议和动态调整机制。',
    target: '先锋岗有承诺、有评议、能进能出，服务群众满意度提升。',
    measures: ['先锋岗党员公开承诺并上墙公示', '每半年开展一次群众评议', '对评议靠后的岗位调整设置'],
  },
  {
    category: '党务干部队伍',
    title: '党务干部培训不足',
    description: '专兼职党务干部业务培训覆盖面不足，新任支部书记未参加任职培训。',
    source: 'review',
    rootCause: '培训计划覆盖面窄，新任支部书记没有纳入当年培训名单。',
    target: '新任支部书记任职培训全覆盖，党务干部每年至少参加一次业务培训。',
    measures: ['摸清党务干部培训情况，建立培训台账', '举办新任支部书记任职培训班', '组织党务干部业务知识测试'],
  },
  {
    category: '活动载体与创新',
    title: '主题党日活动形式单一',
    description: '主题党日活动以集中学习为主，缺少实践活动，党员参与积极性不高。',
    source: 'mass_opinion',
    rootCause: '活动策划缺少党员参与，与业务实践和志愿服务结合不够。',
    target: '主题党日活动形式多样，每季度至少一次实践类活动。',
    measures: ['征集党员对主题党日活动的意见建议', '制定季度主题党日活动清单', '组织党员到社区开展志愿服务'],
  },
  {
    category: '信息化建设',
    title: '党建信息平台数据更新不及时',
    description: '党员信息管理系统数据更新滞后，组织关系转接未及时录入。',
    source: 'special_check',
    rootCause: '信息录入没有明确的责任人和时限要求。',
    target: '党员信息数据准确完整，组织关系转接五个工作日内录入。',
    measures: ['逐项核对党员信息系统数据', '明确各支部信息管理员和录入时限', '每月抽查数据更新情况'],
  },
  {
    category: '政治建设',
    title: '意识形态工作责任制落实不到位',
    description: '意识形态工作专题研究次数不足，阵地管理台账不健全。',
    source: 'review',
    rootCause: '对意识形态工作责任制的要求落实不细，阵地管理缺少专人负责。',
    target: '每半年至少两次专题研究意识形态工作，阵地台账健全。',
    measures: ['党委会专题研究意识形态工作', '建立意识形态阵地管理台账', '开展意识形态工作专项检查'],
  },
];
