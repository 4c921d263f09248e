import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import ElementPlus, { ElDatePicker } from 'element-plus';
import { i18n } from '@/i18n';
import DeadlinePicker from './DeadlinePicker.vue';

function mountPicker(props: { min: string; after?: boolean; modelValue?: string }) {
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
});
