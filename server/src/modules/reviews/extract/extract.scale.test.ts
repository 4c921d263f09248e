import { afterEach, describe, expect, it, vi } from 'vitest';
import { extractDrafts } from './extract.js';

// Shapes that made the extraction quadratic: a cue on every line, a cue in every sentence of one paragraph, one
// long enumeration, paragraphs each opening with a marker. The work must grow with the text, not with its square.
const cn = '一二三四五六七八九';
const shapes: Record<string, (n: number) => string> = {
  'a heading cue on every line': (n) => '存在问题\n不足\n'.repeat(n / 7),
  'a cue in every sentence of one paragraph': (n) => '还存在一些不足：理论学习不够深入。'.repeat(n / 17),
  'one long enumeration': (n) => '存在的问题：' + Array.from({ length: n / 10 }, (_, i) => `${(i % 99) + 1}. 学习不够深入；`).join(''),
  'paragraphs opening with markers': (n) => '存在的问题：\n' + Array.from({ length: n / 9 }, (_, i) => `（${cn[i % 9]}）制度不够健全。`).join('\n'),
};

/**
 * The characters the extraction reads: what each regular-expression search passes over (from where it starts to
 * where it stops) and what each slice copies. A count, not a time, so the machine's load does not move it.
 */
function charactersRead(text: string): number {
  let read = 0;
  const { exec } = RegExp.prototype;
  const { slice } = String.prototype;
  vi.spyOn(RegExp.prototype, 'exec').mockImplementation(function (this: RegExp, input: string) {
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const match = exec.call(this, input);
    // A sticky search tries one position only; any other search that fails has passed over the rest of the input.
    read += match ? match.index + match[0].length - from : this.sticky ? 1 : input.length - from;
    return match;
  });
  vi.spyOn(String.prototype, 'slice').mockImplementation(function (this: string, start?: number, end?: number) {
    const part = slice.call(this, start, end);
    read += part.length;
    return part;
  });
  try {
    extractDrafts(text, []);
  } finally {
    vi.restoreAllMocks();
  }
  return read;
}

describe('the work of extracting drafts from a long comment', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(Object.entries(shapes))('when the text is %s, four times the text is read about four times over, not sixteen', (_shape, make) => {
    const small = charactersRead(make(20_000));
    const large = charactersRead(make(80_000));
    expect(small).toBeGreaterThan(20_000);
    // Linear work gives 4; the quadratic code gave 16 and more.
    expect(large / small).toBeLessThan(6);
  });
});
