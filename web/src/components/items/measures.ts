import type { Measure, MeasureInput } from '@rectify/shared';

/** One measure as the form edits it: empty strings rather than nulls. */
export interface MeasureDraft {
  content: string;
  responsiblePerson: string;
  deadline: string;
}

export const toDrafts = (measures: readonly Pick<Measure, 'content' | 'responsiblePerson' | 'deadline'>[]): MeasureDraft[] =>
  measures.map((m) => ({ content: m.content, responsiblePerson: m.responsiblePerson ?? '', deadline: m.deadline ?? '' }));

/** Drafts as the API takes them: empty rows dropped, empty optional fields as null. */
export const fromDrafts = (drafts: readonly MeasureDraft[]): MeasureInput[] =>
  drafts
    .filter((d) => d.content.trim())
    .map((d) => ({ content: d.content.trim(), responsiblePerson: d.responsiblePerson.trim() || null, deadline: d.deadline || null }));
