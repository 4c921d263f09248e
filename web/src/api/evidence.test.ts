import { describe, expect, it } from 'vitest';
import { fileNameFrom } from './evidence';

describe('the file name of a download', () => {
  it.each([
    [`attachment; filename="____.pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%9D%90%E6%96%99.pdf`, '整改材料.pdf'],
    ['attachment; filename="minutes.docx"', 'minutes.docx'],
    ['attachment; filename=plain.txt', 'plain.txt'],
    [`attachment; filename*=UTF-8''%E0%A4%A`, 'fallback.bin'],
    [null, 'fallback.bin'],
  ])('%s → %s', (header, expected) => {
    expect(fileNameFrom(header, 'fallback.bin')).toBe(expected);
  });
});
