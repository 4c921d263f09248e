import type { PaperWarning } from '@rectify/shared';
import { dateInZone } from '../../lib/clock.js';

/**
 * A closure statement "mostly repeats the measures" when at least this share of its character pairs (bigrams, after
 * normalising) also occur in the measures' text. Chinese has no spaces to split words on, and a pair of characters
 * is the unit most Chinese words are made of; 0.6 lets a statement quote a measure's key words and still pass, while
 * a statement pasted from the plan with a few words changed ("已完成" added, an enumerator dropped) scores 0.8–1.
 */
export const REPEAT_THRESHOLD = 0.6;
/** Statements shorter than this many pairs say too little to be judged either way. */
const MIN_PAIRS = 6;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface WarningInput {
  measures: { id: number; seq: number; content: string }[];
  evidence: { measureId?: number | null; createdAt: string }[];
  completionNote: string | null;
  /** When closure was last requested (ISO); none, no timing warnings. */
  requestedAt: string | null;
  deadline: string;
  timeZone: string;
}

/** Drops what says nothing of the content: spaces, punctuation and enumerators (一是, （二）, 3.). */
export function normalise(text: string): string {
  return text
    .replace(/[一二三四五六七八九十]+是/g, '')
    .replace(/[（(]?[一二三四五六七八九十\d]+[)）、.．]/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
}

export function bigrams(text: string): Set<string> {
  const chars = [...normalise(text)];
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i] + chars[i + 1]);
  return pairs;
}

/** The share of the statement's character pairs found in the source (containment, not Jaccard: a short summary of a long plan is no repeat). */
export function containment(statement: string, source: string): number {
  const mine = bigrams(statement);
  if (mine.size === 0) return 0;
  const theirs = bigrams(source);
  let shared = 0;
  for (const pair of mine) if (theirs.has(pair)) shared++;
  return shared / mine.size;
}

const clip = (text: string) => (text.length > 20 ? `${text.slice(0, 20)}…` : text);

/**
 * Signs of paper-only rectification (形式整改) in a closure request, for the reviewer: warnings, never blocks. Each
 * names what it saw — the measure, the similarity, the days.
 */
export function paperWarnings(item: WarningInput): PaperWarning[] {
  const warnings: PaperWarning[] = [];
  for (const m of item.measures) {
    if (!item.evidence.some((e) => e.measureId === m.id)) {
      warnings.push({ kind: 'measure_without_evidence', message: `第${m.seq}项措施「${clip(m.content)}」没有对应的佐证材料`, params: { seq: m.seq, measure: clip(m.content) } });
    }
  }
  const statement = item.completionNote?.trim() ?? '';
  const measuresText = item.measures.map((m) => m.content).join('\n');
  if (bigrams(statement).size >= MIN_PAIRS && measuresText) {
    const share = containment(statement, measuresText);
    if (share >= REPEAT_THRESHOLD) {
      const percent = Math.round(share * 100);
      warnings.push({
        kind: 'statement_repeats_measures',
        message: `销号说明有 ${percent}% 的内容与整改措施原文相同，多为复述措施，未说明取得的实际成效`,
        params: { percent, threshold: Math.round(REPEAT_THRESHOLD * 100) },
      });
    }
  }
  if (item.requestedAt && item.evidence.length > 0) {
    const requested = Date.parse(item.requestedAt);
    const times = item.evidence.map((e) => Date.parse(e.createdAt));
    const first = Math.min(...times);
    if (first >= requested - DAY_MS) {
      warnings.push({
        kind: 'evidence_just_before_request',
        message: `全部 ${times.length} 份佐证材料都在申请销号前一天内上传（最早 ${dateInZone(new Date(first), item.timeZone)}）`,
        params: { count: times.length, first: dateInZone(new Date(first), item.timeZone) },
      });
    }
    const firstDay = dateInZone(new Date(first), item.timeZone);
    if (firstDay > item.deadline) {
      warnings.push({
        kind: 'evidence_after_deadline',
        message: `全部 ${times.length} 份佐证材料都在整改时限 ${item.deadline} 之后上传（最早 ${firstDay}）`,
        params: { count: times.length, deadline: item.deadline, first: firstDay },
      });
    }
  }
  return warnings;
}
