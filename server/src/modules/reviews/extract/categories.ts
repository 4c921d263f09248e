/**
 * Suggests a category from the words of a problem. Categories are data, so the suggestion works from their
 * names (and the parts of a name such as 组织建设/支部规范化) plus a vocabulary for the usual categories;
 * a committee's own category is suggested when its name appears in the text.
 */
export interface CategoryOption {
  id: number;
  name: string;
  sortOrder: number;
}

const vocabulary: Array<{ match: RegExp; words: string[] }> = [
  { match: /政治/, words: ['政治', '两个维护', '四个意识', '核心意识', '看齐意识', '政治站位', '意识形态', '政治生活', '第一责任', '主体责任', '责任意识', '管党治党'] },
  { match: /理论|学习/, words: ['理论学习', '学习', '理论', '中心组', '两学一做', '学用', '读书', '研讨', '宣讲', '学深悟透'] },
  {
    match: /组织|支部|规范/,
    words: ['三会一课', '组织生活', '主题党日', '换届', '发展党员', '党员管理', '党费', '民主评议', '组织关系', '软弱涣散', '支部建设', '规范化', '标准化', '失联党员', '谈心谈话', '基层组织', '党员队伍', '年龄结构'],
  },
  { match: /廉|纪律|纪/, words: ['廉政', '廉洁', '纪律', '违纪', '腐败', '八项规定', '警示教育', '一岗双责', '监督', '以权谋私', '微腐败', '吃拿卡要'] },
  { match: /作风/, words: ['作风', '形式主义', '官僚主义', '四风', '调查研究', '调研', '联系群众', '服务群众', '担当', '庸懒散', '不作为', '重部署轻落实', '突击'] },
  { match: /融合|业务/, words: ['两张皮', '融合', '中心工作', '业务工作', '一手硬', '结合不紧', '党建促', '业务'] },
  { match: /队伍|干部|党务/, words: ['党务干部', '党务工作者', '党务人员', '专职', '兼职', '配备', '培训', '队伍', '抓公差'] },
  { match: /载体|创新|活动/, words: ['载体', '创新', '特色', '品牌', '形式单一', '单一', '吸引力', '活动形式', '亮点', '老套路', '示范'] },
  { match: /信息|网络|智慧/, words: ['信息化', '网络', '平台', '智慧党建', '互联网', '微信', '钉钉', '线上', '数字化'] },
];

// Parts of a name that every problem shares (党建与业务融合 → 党建) would pull every problem to it.
const tooGeneric = new Set(['党建', '建设', '工作', '问题', '其他', '管理']);

function wordsFor(category: CategoryOption): string[] {
  const parts = category.name.split(/[/／、·和与及]/).filter((p) => p.length >= 2 && !tooGeneric.has(p));
  const words = new Set([category.name, ...parts]);
  for (const entry of vocabulary) if (entry.match.test(category.name)) entry.words.forEach((w) => words.add(w));
  return [...words];
}

/** The best category for a problem, with the words that chose it; the title counts double. */
export function suggestCategory(categories: CategoryOption[], { title, description }: { title: string; description: string }) {
  let best: { category: CategoryOption; score: number; keywords: string[] } | null = null;
  for (const category of categories) {
    let score = 0;
    const keywords: string[] = [];
    for (const word of wordsFor(category)) {
      const inTitle = title.includes(word);
      const inText = description.includes(word);
      if (!inTitle && !inText) continue;
      keywords.push(word);
      score += word.length * (inTitle ? 2 : 1);
    }
    const better = score > (best?.score ?? 0) || (score > 0 && score === best?.score && category.sortOrder < best.category.sortOrder);
    if (better) best = { category, score, keywords };
  }
  return best ? { categoryId: best.category.id, categoryName: best.category.name, keywords: best.keywords } : { categoryId: null, categoryName: null, keywords: [] };
}
