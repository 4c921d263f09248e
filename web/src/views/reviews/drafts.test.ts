import { describe, expect, it } from 'vitest';
import type { DraftItem } from '@rectify/shared';
import { useDraftItems } from './drafts';

const draft = (seq: number, title: string, categoryId: number | null = null): DraftItem => ({
  seq,
  title,
  description: `${title}，具体表现为……。`,
  categoryId,
  categoryName: categoryId ? '理论学习' : null,
  keywords: categoryId ? ['学习'] : [],
  existing: null,
});

describe('the draft items of a comment', () => {
  it('when loaded, keeps every draft with its suggested category and the given deadline and type', () => {
    const drafts = useDraftItems();
    drafts.load([draft(1, '理论学习不够深入', 2), draft(2, '发展党员偏少')], { deadline: '2026-08-31' });
    expect(drafts.rows.value.map((r) => [r.title, r.categoryId, r.deadline, r.type])).toEqual([
      ['理论学习不够深入', 2, '2026-08-31', 'deadline'],
      ['发展党员偏少', null, '2026-08-31', 'deadline'],
    ]);
    expect(drafts.rows.value[0]!.keywords).toEqual(['学习']);
    expect(drafts.issues.value).toEqual([]);
  });

  it('when edited, removed and added to, sends exactly the rows left, as edited, in their order', () => {
    const drafts = useDraftItems();
    drafts.load([draft(1, '理论学习不够深入', 2), draft(2, '三会一课不规范'), draft(3, '发展党员偏少')]);
    drafts.setDeadlineForAll('2026-08-31');
    const [first, second] = drafts.rows.value;
    first!.title = '  党委中心组学习不深入  ';
    first!.responsiblePerson = '李华';
    drafts.remove(second!.key);
    const added = drafts.add({ deadline: '2026-09-30', type: 'immediate' });
    added.description = '党务干部力量薄弱。';
    added.categoryId = 5;

    expect(drafts.toBody({ orgId: 12, comment: '  存在的不足：一是……  ', source: 'review' })).toEqual({
      orgId: 12,
      comment: '存在的不足：一是……',
      source: 'review',
      items: [
        { title: '党委中心组学习不深入', description: '理论学习不够深入，具体表现为……。', categoryId: 2, deadline: '2026-08-31', type: 'deadline', responsibleLeader: null, responsiblePerson: '李华' },
        { title: '发展党员偏少', description: '发展党员偏少，具体表现为……。', categoryId: null, deadline: '2026-08-31', type: 'deadline', responsibleLeader: null, responsiblePerson: null },
        { description: '党务干部力量薄弱。', categoryId: 5, deadline: '2026-09-30', type: 'immediate', responsibleLeader: null, responsiblePerson: null },
      ],
    });
  });

  it('when a row lacks a description or a deadline, or none is left, says which one stops the confirmation', () => {
    const drafts = useDraftItems();
    drafts.load([draft(1, '理论学习不够深入')], { deadline: '2026-08-31' });
    drafts.add();
    expect(drafts.issues.value).toEqual([
      { n: 2, field: 'description' },
      { n: 2, field: 'deadline' },
    ]);
    drafts.remove(drafts.rows.value[1]!.key);
    drafts.remove(drafts.rows.value[0]!.key);
    expect(drafts.issues.value).toEqual([{ n: 0, field: 'none' }]);
    // An empty table after extraction still shows (to add by hand); clearing hides it.
    expect(drafts.active.value).toBe(true);
    drafts.clear();
    expect(drafts.active.value).toBe(false);
  });

  it('when the comment is left empty, sends no comment, so the stored one stays', () => {
    const drafts = useDraftItems();
    drafts.load([draft(1, '理论学习不够深入')], { deadline: '2026-08-31' });
    expect(drafts.toBody({ orgId: 3, comment: '   ' })).not.toHaveProperty('comment');
  });

  it('when a draft repeats an item already 已建账, it starts unticked and is sent only when ticked, with the explicit choice', () => {
    const drafts = useDraftItems();
    drafts.load([{ ...draft(1, '活动阵地利用率不高'), existing: { id: 7, code: '2026-文化-001' } }, draft(2, '志愿服务记录不全')], { deadline: '2026-08-31' });
    expect(drafts.rows.value.map((r) => [r.included, r.existing?.code ?? null])).toEqual([
      [false, '2026-文化-001'],
      [true, null],
    ]);
    const plain = drafts.toBody({ orgId: 3 });
    expect(plain.items.map((i) => i.title)).toEqual(['志愿服务记录不全']);
    expect(plain.allowDuplicates).toBeUndefined();

    drafts.rows.value[0]!.included = true;
    expect(drafts.repeats.value).toHaveLength(1);
    const chosen = drafts.toBody({ orgId: 3 });
    expect(chosen.items).toHaveLength(2);
    expect(chosen.allowDuplicates).toBe(true);

    for (const row of drafts.rows.value) row.included = false;
    expect(drafts.issues.value).toEqual([{ n: 0, field: 'none' }]);
  });
});
