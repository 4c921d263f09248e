import { beforeEach, describe, expect, it } from 'vitest';
import { discardDraftsExcept, hasKeptDrafts, readDraft, removeDraft, writeDraft } from './kept-drafts';

describe('drafts kept through an ended session', () => {
  beforeEach(() => sessionStorage.clear());

  it('when a draft is kept, only the same user and form read it back', () => {
    writeDraft(7, 'item:12:progress', { content: '已召开专题会议' });
    expect(readDraft(7, 'item:12:progress')).toEqual({ content: '已召开专题会议' });
    expect(readDraft(8, 'item:12:progress')).toBeUndefined();
    expect(readDraft(7, 'item:13:progress')).toBeUndefined();
    removeDraft(7, 'item:12:progress');
    expect(hasKeptDrafts()).toBe(false);
  });

  it('when another user signs in, every draft but their own is discarded, and signing out discards all', () => {
    writeDraft(7, 'notice:3:reply', '已整改完毕');
    writeDraft(8, 'notice:4:reply', '正在整改');
    sessionStorage.setItem('rectify.locale.other', 'kept');
    discardDraftsExcept(8);
    expect(readDraft(7, 'notice:3:reply')).toBeUndefined();
    expect(readDraft(8, 'notice:4:reply')).toBe('正在整改');
    discardDraftsExcept(null);
    expect(hasKeptDrafts()).toBe(false);
    expect(sessionStorage.getItem('rectify.locale.other')).toBe('kept');
  });
});
