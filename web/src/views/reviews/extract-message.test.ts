import { describe, expect, it } from 'vitest';
import { extractNote } from './extract-message';

const draft = { seq: 1, title: 't', description: 'd', categoryId: null, categoryName: null, keywords: [], existing: null };

describe('what the page says after 提取问题', () => {
  it('when numbered shortcomings were found, counts them', () => {
    expect(extractNote({ outcome: 'enumerated', section: { cue: '存在的不足', start: 0, end: 9 }, drafts: [draft, draft, draft], message: null })).toMatchObject({ tone: 'success', key: 'reviews.extract.found', count: 3 });
  });

  it('when nothing was found, warns and keeps the server’s message', () => {
    const message = '没有找到“存在的不足/问题”等部分，未生成草稿；请手工添加事项';
    expect(extractNote({ outcome: 'none', section: null, drafts: [], message })).toEqual({ tone: 'warning', key: 'reviews.extract.none', count: 0, serverMessage: message });
  });

  it('tells a heading without content, an unnumbered section and a list without heading apart', () => {
    expect(extractNote({ outcome: 'none', section: { cue: '存在问题', start: 0, end: 4 }, drafts: [], message: 'x' }).key).toBe('reviews.extract.noContent');
    expect(extractNote({ outcome: 'whole_section', section: { cue: '不足', start: 0, end: 9 }, drafts: [draft], message: 'x' }).key).toBe('reviews.extract.wholeSection');
    expect(extractNote({ outcome: 'enumerated', section: { cue: '', start: 0, end: 9 }, drafts: [draft, draft], message: 'x' }).key).toBe('reviews.extract.noCue');
  });
});
