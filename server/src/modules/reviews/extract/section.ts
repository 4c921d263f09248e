import { bestChain, chainOf, findMarkers, leadingMarker, type Marker, type MarkerStyle } from './markers.js';

/** Line breaks unified, full-width digits and spaces made plain, blank lines dropped. */
export function normalizeText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\u3000\u00a0\t]/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

const problemWord = '(?:问题|不足|差距|短板|薄弱环节|弱项|欠缺|不够到位的地方)';

/** Phrases that open the shortcomings part of a comment, in any of the ways a speech does it. */
const cues: RegExp[] = [
  // 存在的问题： / 问题和不足主要是： / 不足之处：
  new RegExp(`(?:存在的?)?${problemWord}(?:之处)?(?:[和与及]${problemWord})?(?:主要)?(?:是|有|表现在|体现在|表现为)?\\s*[：:]`, 'g'),
  // 还存在一些不足 / 仍有差距 / 暴露出……问题 (but not 不存在……问题)
  new RegExp(`(?<!不|没有|并不|未)(?:存在|还有|仍有|也有|尚有|暴露出|暴露了)(?:着|了)?[^，,。；;！!？?\\n]{0,24}?${problemWord}`, 'g'),
  /(?:清醒(?:地)?(?:看到|认识到)|但(?:也|同时)?(?:要|应)?(?:看到|指出)|同时也(?:要|应)?看到|需要指出的是|值得注意的是|不容忽视的是|美中不足的是)/g,
  /(?:有待|需要|仍需)(?:进一步)?(?:加强|提高|改进|提升|完善)的(?:地方|方面)/g,
  // A heading line: 二、存在的问题 / 问题与不足
  new RegExp(`(?:^|\\n)[^\\n]{0,8}?(?:存在的?|主要)?${problemWord}(?:[和与及]${problemWord})?(?=\\n|$)`, 'g'),
];

/** Sentences that close the shortcomings and turn to what must be done. */
const closing =
  /^(?:希望|建议|下一步|下步|今后|下阶段|针对|对于?(?:以上|上述|这些)|以上(?:问题|列举|这些)|上述问题|总的来看|总体来看|总之|综上|为此|对此|请你|望你|务必|要求你|你单位要|各单位要)/;

/** The same, tried at one position of a longer text (sticky) rather than on a copy of the rest of it. */
const closingAt = new RegExp(closing.source.slice(1), 'y');

export interface Section {
  cue: string;
  /** Where the shortcomings begin and end in the normalized text. */
  start: number;
  end: number;
  chain: Marker[];
}

function sentenceEnd(text: string, from: number): number {
  const m = /[。！!？?\n]/g;
  m.lastIndex = from;
  const found = m.exec(text);
  return found ? found.index + 1 : text.length;
}

/**
 * Every place a cue opens a sentence's worth of shortcomings, in reading order, one per sentence, up to `limit`.
 * The cues' searches advance together through the text, each skipping the sentence the last cue found covers, so
 * the work stops at the last cue wanted and a text that repeats a cue in every line costs no more than reading it.
 */
export function findCues(text: string, limit = Infinity): Array<{ cue: string; bodyStart: number }> {
  const cueStartOf = (m: RegExpExecArray) => m.index + (m[0].startsWith('\n') ? 1 : 0);
  const searches = cues.map((cue) => {
    const re = new RegExp(cue.source, 'g');
    return { re, match: re.exec(text) };
  });
  const found: Array<{ cue: string; bodyStart: number }> = [];
  let coveredUntil = -1;
  while (found.length < limit) {
    let next: (typeof searches)[number] | undefined;
    for (const s of searches) if (s.match && (!next || s.match.index < next.match!.index)) next = s;
    if (!next) break;
    const m = next.match!;
    const cueStart = cueStartOf(m);
    if (cueStart >= coveredUntil) {
      coveredUntil = sentenceEnd(text, cueStart);
      found.push({ cue: m[0].trim(), bodyStart: bodyStartOf(text, cueStart, m[0].trim().length) });
    }
    for (const s of searches) {
      while (s.match && cueStartOf(s.match) < Math.max(coveredUntil, cueStart + 1)) {
        // A heading cue starts with the line break before it, so the search resumes one character early.
        s.re.lastIndex = Math.max(s.re.lastIndex, coveredUntil - 1);
        s.match = s.re.exec(text);
      }
    }
  }
  return found;
}

/** Where the shortcomings announced by a cue begin: after its colon, after a bare announcement, or right after the cue. */
function bodyStartOf(text: string, cueStart: number, cueLength: number): number {
  const end = sentenceEnd(text, cueStart);
  const colon = text.slice(cueStart, end).search(/[：:]/);
  if (colon >= 0) return cueStart + colon + 1;
  // The last cue inside the sentence: 清醒地看到……存在一些薄弱环节和问题 ends at 问题.
  // Searched in the sentence alone: from the whole text, a search that finds nothing before `end` would run on to
  // the next match or the end, once per cue, which made long comments quadratic.
  const sentence = text.slice(cueStart, end);
  let lastEnd = cueStart + cueLength;
  for (const re of cues) {
    re.lastIndex = 0;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) lastEnd = Math.max(lastEnd, cueStart + m.index + m[0].length);
  }
  const tail = text.slice(lastEnd, end);
  const rest = tail.replace(/[\s，,。；;！!？?：:、]/g, '');
  if (rest.length <= 6 && !/[，,]/.test(tail.replace(/^[，,]/, ''))) return end;
  // The problem is in the cue's own sentence: 存在的问题是……, 但也要看到，……不够.
  const lead = /^[\s，,：:]*(?:主要)?(?:是|在于|表现在|体现在|表现为)?[\s，,：:]*/.exec(tail)![0].length;
  return lastEnd + lead;
}

interface Paragraph {
  start: number;
  end: number;
}

function paragraphAt(text: string, start: number): Paragraph | undefined {
  if (start >= text.length) return undefined;
  const nl = text.indexOf('\n', start);
  return { start, end: nl < 0 ? text.length : nl };
}

const isHeading = (text: string, p: Paragraph) => {
  const line = text.slice(p.start, p.end).trim();
  return line.length === 0 || /[：:]$/.test(line) || (line.length <= 30 && !/[。！!？?；;]/.test(line));
};

/**
 * Whether a marker continues the enumeration collected from `from` on. Each style's markers are read once, up to
 * the furthest paragraph asked about, instead of again from `from` for every paragraph.
 */
function enumerationFrom(text: string, from: number) {
  const read = new Map<MarkerStyle, { upTo: number; chain: Marker[]; ended: boolean }>();
  return (marker: Marker, to: number): boolean => {
    let state = read.get(marker.style);
    if (!state) read.set(marker.style, (state = { upTo: from, chain: [], ended: false }));
    if (!state.ended && to > state.upTo) {
      // `upTo` is a paragraph's start, right after a line break, so a marker there passes the boundary rule anyway.
      const { chain, restartAt } = chainOf([...state.chain, ...findMarkers(text, marker.style, state.upTo, to)]);
      state.chain = chain;
      state.ended = restartAt !== null;
      state.upTo = to;
    }
    return state.chain.length > 0 && marker.value === state.chain.length + 1;
  };
}

/**
 * The shortcomings region after `bodyStart`: its paragraph, then every following paragraph that carries the
 * enumeration on (a paragraph without a marker is kept when the next one continues it), until a paragraph turns
 * to requirements or starts something new.
 */
export function regionEnd(text: string, bodyStart: number): number {
  const continues = enumerationFrom(text, bodyStart);
  const first = paragraphAt(text, bodyStart);
  if (!first) return bodyStart;
  let end = first.end;
  let p = paragraphAt(text, first.end + 1);
  if (isHeading(text, first) && p) {
    end = p.end;
    p = paragraphAt(text, p.end + 1);
  }
  while (p) {
    if (closing.test(text.slice(p.start, p.end))) break;
    const marker = leadingMarker(text, p.start);
    if (marker && continues(marker, p.start)) {
      end = p.end;
      p = paragraphAt(text, p.end + 1);
      continue;
    }
    const next = marker ? undefined : paragraphAt(text, p.end + 1);
    const nextMarker = next ? leadingMarker(text, next.start) : null;
    if (next && nextMarker && continues(nextMarker, next.start)) {
      end = next.end;
      p = paragraphAt(text, next.end + 1);
      continue;
    }
    break;
  }
  return end;
}

/** Cuts a text before its first sentence that turns to requirements (希望……, 下一步……). */
export function beforeClosing(text: string): string {
  const re = /(^|[。！!？?；;\n])\s*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[0].length;
    if (at >= text.length) break;
    closingAt.lastIndex = at;
    if (at > 0 && closingAt.test(text)) return text.slice(0, at);
    if (m[0].length === 0) re.lastIndex++;
  }
  return text;
}

/** The section a cue announces, with the enumeration inside it. */
export function sectionAt(text: string, cue: { cue: string; bodyStart: number }): Section {
  const end = regionEnd(text, cue.bodyStart);
  const found = bestChain(text, cue.bodyStart, end);
  const stop = found?.restartAt ?? end;
  return { cue: cue.cue, start: cue.bodyStart, end: stop, chain: found?.chain.filter((m) => m.start < stop) ?? [] };
}

/** The whole text as the region, for comments that list their points without announcing them. */
export function wholeText(text: string): Section {
  const found = bestChain(text, 0, text.length);
  const stop = found?.restartAt ?? text.length;
  return { cue: '', start: 0, end: stop, chain: found?.chain ?? [] };
}
