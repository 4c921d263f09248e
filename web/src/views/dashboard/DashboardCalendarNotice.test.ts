import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Role } from '@rectify/shared';
import { i18n } from '@/i18n';
import { calendarApi } from '@/api/calendar';
import { useAuthStore } from '@/stores/auth';
import { meAs } from '@/test/fixtures';
import DashboardCalendarNotice from './DashboardCalendarNotice.vue';

// The day and the missing year are the server's answer (tested there at the 1 November boundary).
vi.mock('@/api/calendar', () => ({ calendarApi: { years: vi.fn() } }));

async function mountAs(role: Role, missingNextYear: number | null) {
  vi.mocked(calendarApi.years).mockReset().mockResolvedValue({ items: [], missingNextYear });
  const pinia = createPinia();
  useAuthStore(pinia).user = meAs(role);
  const stub = { render: () => null };
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: stub }, { path: '/system/calendar', name: 'calendar', component: stub }] });
  const wrapper = mount(DashboardCalendarNotice, { global: { plugins: [pinia, i18n, router, ElementPlus] } });
  await flushPromises();
  return wrapper;
}

describe('the dashboard’s notice of a missing calendar', () => {
  it('when next year has no calendar, the administrator is told and led to 系统管理 → 工作日历 for that year', async () => {
    const wrapper = await mountAs('admin', 2027);
    expect(wrapper.get('[data-testid="dashboard-calendar-missing"]').text()).toContain('2027 年的工作日历尚未载入');
    expect(wrapper.get('[data-testid="dashboard-calendar-link"]').attributes('href')).toBe('/system/calendar?year=2027');
  });

  it('when next year is loaded (or it is before November), nothing is shown', async () => {
    const wrapper = await mountAs('admin', null);
    expect(wrapper.find('[data-testid="dashboard-calendar-missing"]').exists()).toBe(false);
  });

  it('when the reader does not keep the calendar, it is not even asked', async () => {
    const wrapper = await mountAs('supervisor', 2027);
    expect(calendarApi.years).not.toHaveBeenCalled();
    expect(wrapper.find('[data-testid="dashboard-calendar-missing"]').exists()).toBe(false);
  });
});
