import { suggestCategory, type CategoryOption } from './categories.js';
import { beforeClosing, findCues, normalizeText, sectionAt, wholeText, type Section } from './section.js';

export interface Draft {
  seq: number;
  title: string;
  description: string;
  categoryId: number | null;
  categoryName: string | null;
  keywords: string[];
}

export interface Extraction {
  outcome: 'enumerated' | 'whole_section' | 'none';
  section: { cue: string; start: number; end: number } | null;
  drafts: Draft[];
  message: string | null;
}

const titleMax = 30;
/** Comments announce their shortcomings once or twice; eight leaves room for every shape seen in practice. */
const cuesTried = 8;

/** A short title: the point's first clause (or first clauses, when the first is only a word or two). */
export function titleOf(point: string): string {
  const sentence = point.split(/[。；;！!？?\n]/)[0].trim();
  let title = '';
  for (const clause of sentence.split(/[，,：:]/)) {
    const next = title ? `${title}，${clause.trim()}` : clause.trim();
    if (next.length > titleMax) break;
    title = next;
    if (title.length >= 6) break;
  }
  if (title.length >= 4) return title;
  if (sentence.length > 0) return sentence.length <= titleMax ? sentence : `${sentence.slice(0, titleMax)}…`;
  return point.slice(0, titleMax);
}

/** The point's text as written, without its marker and with a full stop where a semicolon ended it. */
function tidy(point: string): string {
  return point
    .replace(/^[\s，,：:、.．]+/, '')
    .trim()
    .replace(/[；;，,、]+$/, '。');
}

// Words of shortfall: they tell a list of problems from a list of achievements.
const shortfall = /不够|不足|不强|不高|不深|不实|不严|不到位|不规范|不平衡|不均衡|不明显|不充分|不及时|不紧密|缺乏|欠缺|薄弱|单一|滞后|流于形式|有待|偏少|较少|尚未|没有|未能|弱化|淡化|虚化|两张皮|问题/;

/** The points of an enumerated section, or the whole section as one text. */
function contentOf(text: string, section: Section): string[] {
  const { chain } = section;
  if (chain.length < 2) {
    const whole = tidy(beforeClosing(text.slice(section.start, section.end)));
    return whole ? [whole] : [];
  }
  return chain
    .map((marker, i) => {
      const to = i + 1 < chain.length ? chain[i + 1].start : section.end;
      const raw = text.slice(marker.end, to);
      return tidy(i + 1 === chain.length ? beforeClosing(raw) : raw);
    })
    .filter((p) => p.length > 0);
}

const readsAsShortfall = (list: string[]) => list.length > 0 && list.filter((p) => shortfall.test(p)).length * 2 > list.length;

function toDrafts(list: string[], categories: CategoryOption[]): Draft[] {
  return list.map((description, i) => {
    const title = titleOf(description);
    return { seq: i + 1, title, description, ...suggestCategory(categories, { title, description }) };
  });
}

/**
 * Turns a committee's comment into draft items: finds where the shortcomings begin (存在的不足、问题、差距……),
 * splits their enumeration into one draft per point, and suggests a category for each. Nothing is stored.
 */
export function extractDrafts(raw: string, categories: CategoryOption[]): Extraction {
  const text = normalizeText(raw);
  // A speech may name 存在问题 in passing (经验做法、存在问题和改进措施) before it lists them: take the first cue
  // whose section reads as shortfalls, or else the first cue. Sections may run to the end of the text, so only the
  // first few cues are tried: the cost stays linear in the text however many times it repeats a cue.
  const sections = findCues(text, cuesTried).map((cue) => sectionAt(text, cue));
  const section = sections.find((s) => readsAsShortfall(contentOf(text, s))) ?? sections[0];
  if (section) {
    const where = { cue: section.cue, start: section.start, end: section.end };
    const content = contentOf(text, section);
    if (section.chain.length >= 2) return { outcome: 'enumerated', section: where, drafts: toDrafts(content, categories), message: null };
    if (content.length > 0) {
      return { outcome: 'whole_section', section: where, drafts: toDrafts(content, categories), message: '不足部分没有逐条编号，已整段作为一条草稿，请按需拆分' };
    }
    return { outcome: 'none', section: where, drafts: [], message: '找到了“不足/问题”的提示语，但其后没有具体内容，请手工添加事项' };
  }
  // No announcement: a comment that only lists its problems still counts, if the points read as shortfalls.
  const listed = wholeText(text);
  if (listed.chain.length >= 2) {
    const list = contentOf(text, listed);
    if (readsAsShortfall(list)) {
      return {
        outcome: 'enumerated',
        section: { cue: '', start: listed.start, end: listed.end },
        drafts: toDrafts(list, categories),
        message: '没有找到“存在的不足/问题”等提示语，已按全文编号拆分，请核对',
      };
    }
  }
  return { outcome: 'none', section: null, drafts: [], message: '没有找到“存在的不足/问题”等部分，未生成草稿；请手工添加事项' };
}
