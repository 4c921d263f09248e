import { describe, expect, it } from 'vitest';
import { defaultCategories } from '../../../demo/demo.seed.js';
import { extractDrafts, titleOf } from './extract.js';

const categories = defaultCategories.map((name, i) => ({ id: i + 1, name, sortOrder: i + 1 }));
const extract = (text: string) => extractDrafts(text, categories);
const titles = (text: string) => extract(text).drafts.map((d) => d.title);

// Every comment below was written for these tests; each has a shape a committee's speech really takes.
describe('turning a comment into draft items', () => {
  it('when the points run inline as 一是……二是……三是…… after 还存在一些不足, it makes one draft per point and stops before 希望', () => {
    const text =
      '你单位过去一年党建工作有声有色，机关作风明显好转。对照年度考核要求，还存在一些不足：一是理论学习不够深入，中心组学习以读文件为主，研讨交流偏少；' +
      '二是支部“三会一课”记录不规范，个别支部组织生活流于形式；三是党建与业务融合不紧密，存在“两张皮”现象。希望你单位对照问题清单逐项整改，年底前报送整改情况。';
    const result = extract(text);
    expect(result.outcome).toBe('enumerated');
    expect(result.drafts.map((d) => d.title)).toEqual(['理论学习不够深入', '支部“三会一课”记录不规范', '党建与业务融合不紧密']);
    expect(result.drafts[2].description).toBe('党建与业务融合不紧密，存在“两张皮”现象。');
    expect(result.drafts.map((d) => d.categoryName)).toEqual(['理论学习', '组织建设', '党建与业务融合']);
    expect(result.drafts.every((d) => !d.description.includes('希望'))).toBe(true);
  });

  it('when the problems sit under a heading as （一）（二）（三） paragraphs, it stops at the next heading', () => {
    const text = [
      '一、主要成效',
      '全年召开党委会专题研究党建工作六次，完成两个支部换届。',
      '二、存在的问题',
      '（一）政治理论学习系统性不强。学习计划执行不到位，个别党员学习笔记内容空泛。',
      '（二）党务干部力量薄弱。三个支部没有配备专职组织委员，党务工作者业务培训少。',
      '（三）廉政风险防控有短板。对重点岗位的日常监督还不够经常。',
      '三、下一步工作要求',
      '（一）健全学习制度。',
      '（二）配强党务队伍。',
    ].join('\n');
    const result = extract(text);
    expect(result.outcome).toBe('enumerated');
    expect(result.drafts).toHaveLength(3);
    expect(titles(text)).toEqual(['政治理论学习系统性不强', '党务干部力量薄弱', '廉政风险防控有短板']);
    expect(result.drafts[1].description).toBe('党务干部力量薄弱。三个支部没有配备专职组织委员，党务工作者业务培训少。');
    expect(result.drafts.map((d) => d.categoryName)).toEqual(['理论学习', '党务干部队伍', '党风廉政建设']);
  });

  it('when numbered 1. points span more than one paragraph, the paragraph without a number stays with its point', () => {
    const text = [
      '点评意见：该局党组书记履行第一责任人职责较好。',
      '存在问题：',
      '1. 发展党员工作程序不够严谨。',
      '有的入党积极分子培养考察记录缺项，政审材料不全。',
      '2、主题党日活动形式单一，对青年党员吸引力不强。',
      '3．信息化手段运用不够，支部工作仍靠纸质台账。',
      '请于2026年8月底前将整改方案报工委组织科。',
    ].join('\n');
    const result = extract(text);
    expect(result.drafts.map((d) => d.title)).toEqual(['发展党员工作程序不够严谨', '主题党日活动形式单一', '信息化手段运用不够']);
    expect(result.drafts[0].description).toBe('发展党员工作程序不够严谨。\n有的入党积极分子培养考察记录缺项，政审材料不全。');
    expect(result.drafts[2].description).not.toContain('请于');
    expect(result.drafts[2].categoryName).toBe('信息化建设');
  });

  it('when the points are 第一，第二，第三， after 主要差距是：, it splits on them and not on 第一责任人', () => {
    const text =
      '该院党委书记能够履行第一责任人职责，主动研究党建工作。主要差距是：第一，对所属党总支督促指导不够，年度考核流于形式；' +
      '第二，青年科研人员中发展党员偏少，党员队伍年龄结构老化；第三，党建工作创新不足，缺少结合科研特点的活动载体。';
    const result = extract(text);
    expect(result.outcome).toBe('enumerated');
    expect(result.drafts.map((d) => d.title)).toEqual(['对所属党总支督促指导不够', '青年科研人员中发展党员偏少', '党建工作创新不足']);
    expect(result.section?.cue).toContain('差距');
  });

  it('when the shortcomings are one paragraph without numbers, it makes one draft of the whole section and says so', () => {
    const text =
      '市档案馆党支部围绕馆藏数字化开展党员先锋岗活动，成效明显。但也要看到，支部书记抓党建的精力投入还不够，党建工作计划与业务工作安排衔接不紧，' +
      '支部委员分工不够明确。希望支部在新的一年里进一步压实责任。';
    const result = extract(text);
    expect(result.outcome).toBe('whole_section');
    expect(result.drafts).toHaveLength(1);
    expect(result.drafts[0].description).toBe('支部书记抓党建的精力投入还不够，党建工作计划与业务工作安排衔接不紧，支部委员分工不够明确。');
    expect(result.drafts[0].title).toBe('支部书记抓党建的精力投入还不够');
    expect(result.message).toMatch(/整段/);
  });

  it('when a comment only praises, even with enumerated achievements, it makes no draft and says why', () => {
    const text = '过去一年，你单位党建工作亮点纷呈：一是学习教育扎实，全年开展专题研讨十二次；二是组织建设规范，按期完成支部换届；三是服务群众有力，党员志愿服务覆盖所有社区。';
    const result = extract(text);
    expect(result.outcome).toBe('none');
    expect(result.drafts).toEqual([]);
    expect(result.message).toMatch(/没有找到/);
  });

  it('when achievements and problems are both enumerated and a new 一是 list follows, only the problems become drafts', () => {
    const text = [
      '从述职情况看，成绩主要体现在：一是责任压得更实，二是支部建设更加规范，三是党员作用发挥明显，四是服务中心工作有力，五是群众满意度提高。',
      '同时我们也清醒地看到，工作中依然存在一些薄弱环节和问题：一是谋划党建工作的主动性不够，满足于完成上级布置的任务；二是考核监督办法没有建立，日常考核与年度评价脱节。',
      '下一阶段的工作安排：',
      '一是召开专题组织生活会。二是开展支部书记轮训。',
    ].join('\n');
    const result = extract(text);
    expect(result.drafts.map((d) => d.title)).toEqual(['谋划党建工作的主动性不够', '考核监督办法没有建立']);
    expect(result.drafts.some((d) => d.description.includes('轮训'))).toBe(false);
  });

  it('when the points are 首先……其次……最后, or circled ①②③, it follows them', () => {
    const ordered = '不足之处：首先，落实意识形态工作责任制有差距，分析研判不经常。其次，机关作风建设抓得不够紧，调查研究偏少。最后，党费收缴不及时。望认真整改。';
    expect(titles(ordered)).toEqual(['落实意识形态工作责任制有差距', '机关作风建设抓得不够紧', '党费收缴不及时']);
    expect(extract(ordered).drafts.map((d) => d.categoryName)).toEqual(['政治建设', '作风建设', '组织建设']);
    const circled = '存在的不足：①支部台账填写不完整 ②谈心谈话开展不经常 ③警示教育针对性不强';
    expect(titles(circled)).toEqual(['支部台账填写不完整', '谈心谈话开展不经常', '警示教育针对性不强']);
  });

  it('when a comment lists problems without announcing them, it still splits them and asks for a check', () => {
    const text = '1. 支部委员会议记录不全，会议研究党建工作次数偏少。\r\n2. 党员积分管理办法尚未落地。\r\n3. 新媒体宣传平台更新不及时。';
    const result = extract(text);
    expect(result.outcome).toBe('enumerated');
    expect(result.drafts).toHaveLength(3);
    expect(result.message).toMatch(/核对/);
  });

  it('when points carry nested 1. 2. lists, the outer 一是 list is the one split', () => {
    const text = '存在的问题：一是制度执行不严格。1.请销假制度执行不到位；2.公务接待登记不完整。二是廉洁教育覆盖不全，新入职人员未参加警示教育。';
    const result = extract(text);
    expect(result.drafts).toHaveLength(2);
    expect(result.drafts[0].description).toBe('制度执行不严格。1.请销假制度执行不到位；2.公务接待登记不完整。');
  });

  it('when full-width digits, spaces and Windows line breaks are used, it reads them like plain ones', () => {
    const text = '存在问题：\r\n１．组织生活会查摆问题不深刻；\r\n２．批评与自我批评辣味不足。\r\n';
    expect(titles(text)).toEqual(['组织生活会查摆问题不深刻', '批评与自我批评辣味不足']);
  });

  it('when words such as 统一是 or 唯一是 appear, they are not taken for markers', () => {
    const text = '还存在以下问题：其一，思想认识不统一是当前最大的障碍，班子成员对党建工作重视程度不一。其二，机关党委唯一是专职的委员工作量过大。';
    const result = extract(text);
    expect(result.drafts.map((d) => d.title)).toEqual(['思想认识不统一是当前最大的障碍', '机关党委唯一是专职的委员工作量过大']);
  });

  it('when a heading announces problems but nothing follows, it makes no draft and says so', () => {
    const result = extract('该支部全年工作完成较好。\n存在的不足');
    expect(result.outcome).toBe('none');
    expect(result.message).toMatch(/没有具体内容/);
  });

  it('when 存在问题 is named in passing before the achievements are listed, the problems announced later are used', () => {
    const text =
      '座谈会上，各支部书记围绕经验做法、存在问题和改进措施作了交流。大家谈到：一是班子重视党建，二是学习制度健全，三是活动开展经常。' +
      '同时也梳理了存在的不足：一是部分支部书记业务繁忙，抓党建精力不足；二是党员教育方法不多，缺乏针对性。';
    const result = extract(text);
    expect(result.section?.cue).toBe('存在的不足：');
    expect(result.drafts.map((d) => d.title)).toEqual(['部分支部书记业务繁忙', '党员教育方法不多']);
  });

  it('titles are short: a long first sentence is cut at its clauses', () => {
    expect(titleOf('部分党员干部对全面从严治党的认识存在偏差，认为党建是软任务，抓不抓无所谓，在思想上和行动上都没有真正重视起来。')).toBe('部分党员干部对全面从严治党的认识存在偏差');
    expect(titleOf('比如，有的支部没有按期换届')).toBe('比如，有的支部没有按期换届');
    expect(titleOf('短')).toBe('短');
  });
});
