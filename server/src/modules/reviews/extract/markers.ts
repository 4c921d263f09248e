/**
 * Enumeration markers as committees write them: 一是……二是……, （一）, 一、, 1. / 1、, （1）, ①, 第一，, 其一，
 * and 首先……其次……最后. A marker counts only at a boundary (start, whitespace or punctuation), so that
 * 统一是 or 第一责任人 are not taken for one.
 */
export type MarkerStyle = 'shi' | 'paren_cn' | 'di' | 'qi' | 'cn_dun' | 'arabic' | 'paren_ar' | 'circled' | 'order';

export interface Marker {
  style: MarkerStyle;
  /** 1, 2, 3 …; for 首先/其次 the order word's place, assigned when the chain is built. */
  value: number;
  start: number;
  /** Where the point's own text begins. */
  end: number;
}

const CN = '[一二三四五六七八九十]{1,3}';
const patterns: Record<MarkerStyle, RegExp> = {
  shi: new RegExp(`(${CN})是[，,：:]?`, 'g'),
  paren_cn: new RegExp(`[（(](${CN})[）)][、，,：:.．]?`, 'g'),
  di: new RegExp(`第(${CN})[，,、：:]|第(${CN})是`, 'g'),
  qi: new RegExp(`其(${CN})[，,、：:是]`, 'g'),
  cn_dun: new RegExp(`(${CN})、`, 'g'),
  arabic: /(\d{1,2})[.．、](?!\d)\s*/g,
  paren_ar: /[（(](\d{1,2})[）)]\s*|(\d{1,2})[）)]\s*/g,
  circled: /([\u2460-\u2473])\s*/g,
  order: /(首先|其次|再次|然后|此外|另外|最后)[，,、：:]?/g,
};

/** Earlier styles win ties: a committee's 一是 outranks the 1. of a sub-list. */
export const styleOrder: MarkerStyle[] = ['shi', 'paren_cn', 'di', 'qi', 'cn_dun', 'arabic', 'paren_ar', 'circled', 'order'];

/** The longest marker with the spaces after it that a window keeps past its end (（十一）、 and a few spaces). */
const markerReach = 16;

const boundaryBefore = /[\s。；;：:！!？?，,、）)”"’'》]/;

export function chineseNumber(text: string): number {
  const digits = '零一二三四五六七八九';
  if (text === '十') return 10;
  if (text.length === 1) return digits.indexOf(text);
  if (text.length === 2 && text[0] === '十') return 10 + digits.indexOf(text[1]);
  if (text.length === 2 && text[1] === '十') return digits.indexOf(text[0]) * 10;
  if (text.length === 3 && text[1] === '十') return digits.indexOf(text[0]) * 10 + digits.indexOf(text[2]);
  return NaN;
}

function valueOf(style: MarkerStyle, match: RegExpExecArray): number {
  const raw = match[1] ?? match[2];
  if (style === 'order') return raw === '首先' ? 1 : 0;
  if (style === 'circled') return raw.charCodeAt(0) - 0x2460 + 1;
  if (style === 'arabic' || style === 'paren_ar') return Number(raw);
  return chineseNumber(raw);
}

/** Every marker of one style in `text[from, to)`, in order. */
export function findMarkers(text: string, style: MarkerStyle, from = 0, to = text.length): Marker[] {
  // Searched in the window (and the few characters a marker starting inside it can reach past its end): on the
  // whole text, a search that finds nothing before `to` runs on to the next match, once per window, and a comment
  // with many short sections became quadratic.
  const window = text.slice(from, Math.min(text.length, to + markerReach));
  const re = patterns[style];
  re.lastIndex = 0;
  const found: Marker[] = [];
  for (let m = re.exec(window); m && from + m.index < to; m = re.exec(window)) {
    const at = from + m.index;
    const before = at === 0 ? '' : text[at - 1];
    if (before !== '' && at !== from && !boundaryBefore.test(before)) continue;
    const value = valueOf(style, m);
    if (!Number.isFinite(value) || value < 0) continue;
    found.push({ style, value, start: at, end: at + m[0].length });
  }
  return found;
}

/** The marker a paragraph opens with, if it opens with one. */
export function leadingMarker(text: string, start: number): Marker | null {
  for (const style of styleOrder) {
    const [first] = findMarkers(text, style, start, start + 1);
    if (first && first.start === start) return first;
  }
  return null;
}

/**
 * The enumeration 1, 2, 3 … of one style in reading order, skipping stray numbers, and where a second
 * enumeration of the same style restarts at 1 (the end of this one).
 */
export function chainOf(markers: Marker[]): { chain: Marker[]; restartAt: number | null } {
  const chain: Marker[] = [];
  for (const marker of markers) {
    if (marker.style === 'order') {
      if (chain.length === 0 && marker.value !== 1) continue;
      if (chain.length > 0 && marker.value === 1) return { chain, restartAt: marker.start };
      chain.push({ ...marker, value: chain.length + 1 });
      continue;
    }
    if (marker.value === chain.length + 1) chain.push(marker);
    else if (marker.value === 1 && chain.length > 0) return { chain, restartAt: marker.start };
  }
  return { chain, restartAt: null };
}

/** The enumeration that structures `text[from, to)`: the earliest one with at least two points. */
export function bestChain(text: string, from: number, to: number): { chain: Marker[]; restartAt: number | null } | null {
  let best: { chain: Marker[]; restartAt: number | null } | null = null;
  for (const style of styleOrder) {
    const found = chainOf(findMarkers(text, style, from, to));
    if (found.chain.length < 2) continue;
    const start = found.chain[0].start;
    const bestStart = best?.chain[0].start ?? Infinity;
    if (start < bestStart || (start === bestStart && found.chain.length > best!.chain.length)) best = found;
  }
  return best;
}
