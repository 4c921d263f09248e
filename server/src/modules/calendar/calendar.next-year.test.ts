import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

// One minute before midnight on 31 October 2026 in Shanghai.
const clock = fixedClock('2026-10-31T15:59:00Z');

describe('the warning that next year has no working-day calendar', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());
  const missing = async () => (await t.as('admin')({ method: 'GET', url: '/api/calendar/years' })).json().missingNextYear;

  it('when it is still 31 October in the committee’s time zone, there is no warning yet', async () => {
    expect(await missing()).toBeNull();
  });

  it('when 1 November begins, 2027 is named; once the year is saved, the warning is gone', async () => {
    clock.set('2026-10-31T16:00:00Z');
    expect(await missing()).toBe(2027);
    const saved = await t.as('admin')({ method: 'PUT', url: '/api/calendar/years/2027', payload: { source: 'manual', days: [{ date: '2027-01-01', kind: 'off', name: '元旦' }] } });
    expect(saved.statusCode).toBe(200);
    expect(await missing()).toBeNull();
  });
});
