import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElDatePicker, ElInputNumber } from 'element-plus';
import { i18n } from '@/i18n';
import { calendarApi } from '@/api/calendar';
import DeadlinePicker from './DeadlinePicker.vue';

// The server's answer is the boundary here; the calendar itself is tested on the server.
vi.mock('@/api/calendar', () => ({ calendarApi: { resolve: vi.fn() } }));

function mountPicker(props: { min: string; after?: boolean; modelValue?: string; allowWorkingDays?: boolean; workingDays?: number }) {
  return mount(DeadlinePicker, { props, global: { plugins: [ElementPlus, i18n] } });
}

describe('DeadlinePicker', () => {
  it('when a day before the minimum is typed, it keeps it out of the form and says why under the field', async () => {
    const wrapper = mountPicker({ min: '2026-12-02', modelValue: '2026-12-09' });
    wrapper.findComponent(ElDatePicker).vm.$emit('update:modelValue', '2026-11-30');
    await wrapper.vm.$nextTick();
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
    const message = wrapper.get('[data-testid="deadline-refused"]').text();
    expect(message).toContain('2026-11-30');
    expect(message).toContain('2026-12-02');
  });

  it('when the minimum day itself or a later one is chosen, it passes it on and clears the message', async () => {
    const wrapper = mountPicker({ min: '2026-12-02' });
    const picker = wrapper.findComponent(ElDatePicker);
    picker.vm.$emit('update:modelValue', '2026-01-01');
    await wrapper.vm.$nextTick();
    picker.vm.$emit('update:modelValue', '2026-12-02');
    await wrapper.vm.$nextTick();
    expect(wrapper.emitted('update:modelValue')).toEqual([['2026-12-02']]);
    expect(wrapper.find('[data-testid="deadline-refused"]').exists()).toBe(false);
  });

  it('when the new day must come after the current deadline, it refuses the current deadline itself', async () => {
    const wrapper = mountPicker({ min: '2026-12-20', after: true });
    wrapper.findComponent(ElDatePicker).vm.$emit('update:modelValue', '2026-12-20');
    await wrapper.vm.$nextTick();
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
    expect(wrapper.get('[data-testid="deadline-refused"]').text()).toContain('2026-12-20');
  });

  it('when 工作日 is chosen and 15 typed, it shows the date the server resolved and passes on both the date and the count', async () => {
    vi.mocked(calendarApi.resolve).mockResolvedValue({ deadline: '2026-03-06', missingYears: [] });
    const wrapper = mountPicker({ min: '2026-02-09', allowWorkingDays: true });
    await wrapper.get('[data-testid="deadline-mode-working"] input').setValue(true);
    await flushPromises();
    wrapper.findComponent(ElInputNumber).vm.$emit('update:modelValue', 15);
    await flushPromises();
    expect(calendarApi.resolve).toHaveBeenLastCalledWith('2026-02-09', 15);
    expect(wrapper.get('[data-testid="deadline-resolved"]').text()).toContain('2026-03-06');
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual(['2026-03-06']);
    expect(wrapper.emitted('update:workingDays')?.at(-1)).toEqual([15]);
    expect(wrapper.find('[data-testid="deadline-provisional"]').exists()).toBe(false);
  });

  it('when the working days run into a year with no calendar, it says so under the field', async () => {
    vi.mocked(calendarApi.resolve).mockResolvedValue({ deadline: '2027-01-08', missingYears: [2027] });
    const wrapper = mountPicker({ min: '2026-12-18', allowWorkingDays: true });
    await wrapper.get('[data-testid="deadline-mode-working"] input').setValue(true);
    wrapper.findComponent(ElInputNumber).vm.$emit('update:modelValue', 15);
    await flushPromises();
    expect(wrapper.get('[data-testid="deadline-provisional"]').text()).toContain('2027');
  });

  it('when the deadline is already given in working days (an edit), it opens on 工作日 with the count and the date they resolve to', async () => {
    vi.mocked(calendarApi.resolve).mockResolvedValue({ deadline: '2026-03-06', missingYears: [] });
    const wrapper = mountPicker({ min: '2026-02-09', modelValue: '2026-03-06', allowWorkingDays: true, workingDays: 15 });
    await flushPromises();
    expect(calendarApi.resolve).toHaveBeenLastCalledWith('2026-02-09', 15);
    expect(wrapper.findComponent(ElInputNumber).props('modelValue')).toBe(15);
    expect(wrapper.get('[data-testid="deadline-resolved"]').text()).toContain('2026-03-06');
  });

  it('when 自签收之日起 is chosen, it passes the basis on and says the date is counted again on the day of 签收', async () => {
    vi.mocked(calendarApi.resolve).mockResolvedValue({ deadline: '2026-03-06', missingYears: [] });
    const wrapper = mountPicker({ min: '2026-02-09', modelValue: '2026-03-06', allowWorkingDays: true, workingDays: 15 });
    await flushPromises();
    expect(wrapper.get('[data-testid="deadline-resolved"]').text()).toContain('自下达之日起 15 个工作日');
    await wrapper.get('[data-testid="deadline-basis-acknowledge"] input').setValue(true);
    await flushPromises();
    expect(wrapper.emitted('update:basis')).toEqual([['acknowledge']]);
    const note = wrapper.get('[data-testid="deadline-resolved"]').text();
    expect(note).toContain('自签收之日起 15 个工作日');
    expect(note).toContain('如于 2026-02-09 签收，即 2026-03-06');
    expect(note).toContain('签收时按签收当日重新计算');
  });
});
