import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { closeItem } from '../reviews/reviews.test-helpers.js';
import { createItem } from './items.test-helpers.js';

describe('the order of the items list', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-05-10T02:00:00Z') });
    ids.closedEarly = (await createItem(t, { orgId: t.orgs.police, description: '最早到期但已销号。', deadline: '2026-05-11' })).id;
    await closeItem(t, ids.closedEarly);
    ids.late = (await createItem(t, { orgId: t.orgs.police, description: '已逾期。', deadline: '2026-05-01' })).id;
    ids.later = (await createItem(t, { orgId: t.orgs.police, description: '年底到期。', deadline: '2026-12-31' })).id;
    ids.soon = (await createItem(t, { orgId: t.orgs.police, description: '下月到期。', deadline: '2026-06-01' })).id;
  });
  afterAll(() => t.close());

  const order = async (query = '') => ((await t.as('supervisor')({ method: 'GET', url: `/api/items?pageSize=50${query}` })).json().items as Array<{ id: number }>).map((i) => i.id);

  it('when no order is asked for, open items come first by deadline and closed ones last', async () => {
    expect(await order()).toEqual([ids.late, ids.soon, ids.later, ids.closedEarly]);
    expect(await order('&sort=urgency&order=desc')).toEqual([ids.closedEarly, ids.later, ids.soon, ids.late]);
  });

  it('when the filters keep only open or only closed items, the default order is the same, by deadline', async () => {
    expect(await order('&status=issued,objected,in_progress,closure_requested')).toEqual([ids.late, ids.soon, ids.later]);
    expect(await order('&light=red,green')).toEqual([ids.late, ids.soon, ids.later]);
    expect(await order('&status=closed&order=desc')).toEqual([ids.closedEarly]);
  });

  it('when the deadline order is asked for, it is the deadline alone', async () => {
    expect(await order('&sort=deadline')).toEqual([ids.late, ids.closedEarly, ids.soon, ids.later]);
  });

  it('when the default order is read page by page, the pages join into the one long page and each gives the whole total', async () => {
    for (const query of ['', '&q=到期', '&order=desc']) {
      const whole = await order(query);
      const total = (await t.as('supervisor')({ method: 'GET', url: `/api/items?pageSize=50${query}` })).json().total;
      const pages: number[] = [];
      for (let page = 1; page <= Math.ceil(whole.length / 2) + 1; page++) {
        const res = (await t.as('supervisor')({ method: 'GET', url: `/api/items?pageSize=2&page=${page}${query}` })).json();
        expect(res.total).toBe(total);
        pages.push(...(res.items as Array<{ id: number }>).map((i) => i.id));
      }
      expect(pages).toEqual(whole);
    }
    expect(await order('&q=到期')).toEqual([ids.soon, ids.later, ids.closedEarly]);
  });
});
