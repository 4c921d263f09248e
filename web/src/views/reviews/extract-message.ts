import type { ExtractResult } from '@rectify/shared';

export type ExtractNote = { tone: 'success' | 'info' | 'warning'; key: string; count: number; serverMessage: string | null };

/**
 * What the page says after 提取问题. The server's message explains an extraction that found no numbered list
 * (or none at all); the key says the same in the user's language, and an ordinary split gets a short count.
 */
export function extractNote(result: Pick<ExtractResult, 'outcome' | 'section' | 'drafts' | 'message'>): ExtractNote {
  const count = result.drafts.length;
  const serverMessage = result.message;
  if (result.outcome === 'none') return { tone: 'warning', key: result.section ? 'reviews.extract.noContent' : 'reviews.extract.none', count, serverMessage };
  if (result.outcome === 'whole_section') return { tone: 'info', key: 'reviews.extract.wholeSection', count, serverMessage };
  if (result.section?.cue === '') return { tone: 'info', key: 'reviews.extract.noCue', count, serverMessage };
  return { tone: 'success', key: 'reviews.extract.found', count, serverMessage };
}
