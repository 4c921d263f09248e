import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, provide, ref } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { ItemAction, ItemDetail, Role } from '@rectify/shared';
import { useItemDetail } from '@/composables/useItemDetail';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { itemDetail, meAs } from '@/test/fixtures';
import { stubItemApi } from '@/test/item-api';
import { itemPageKey } from './context';
import ItemActions from './ItemActions.vue';
import StaleVersionAlert from './StaleVersionAlert.vue';

let wrapper: VueWrapper | null = null;

beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'access');
  localStorage.setItem('rectify.refreshToken', 'refresh');
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

/** The actions card as the item page shows it, for a user of `role`, on an item the API serves. */
async function render(role: Role, item: ItemDetail) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore(pinia).user = meAs(role);
  const api = stubItemApi(item);
  const Page = defineComponent({
    setup() {
      const page = useItemDetail(ref(item.id));
      provide(itemPageKey, page);
      void page.load();
      return () => (page.item.value ? h('div', [page.stale.value ? h(StaleVersionAlert) : null, h(ItemActions)]) : null);
    },
  });
  wrapper = mount(Page, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await flushPromises();
  return { api, wrapper };
}

const buttons = (w: VueWrapper) => w.findAll('[data-action]').map((b) => b.text());
const dialog = () => document.querySelector<HTMLElement>('[data-testid="action-dialog"]');

async function typeComment(text: string) {
  const area = dialog()!.querySelector<HTMLTextAreaElement>('textarea')!;
  area.value = text;
  area.dispatchEvent(new Event('input'));
  await flushPromises();
}

async function clickSubmit() {
  document.querySelector<HTMLButtonElement>('[data-testid="action-submit"]')!.click();
  await flushPromises();
}

describe('the actions on an item, by role', { timeout: 60_000 }, () => {
  it.each<[Role, ItemDetail['status'], ItemAction[], string[]]>([
    ['branch', 'issued', ['start', 'object', 'request_extension'], ['签收', '提出异议', '申请延期']],
    ['supervisor', 'objected', ['transfer', 'reject_objection', 'cancel'], ['转办', '驳回异议', '撤销']],
    ['branch', 'in_progress', ['request_closure', 'request_extension'], ['申请销号', '申请延期']],
    ['supervisor', 'closure_requested', ['approve_closure', 'reject_closure', 'cancel'], ['同意销号', '退回', '撤销']],
    ['supervisor', 'in_progress', ['approve_extension', 'reject_extension', 'cancel'], ['同意延期', '驳回延期', '撤销']],
  ])('a %s sees, on an item %s, the buttons the server allows', async (role, status, allowedActions, labels) => {
    const { wrapper } = await render(role, itemDetail({ status, allowedActions }));
    expect(buttons(wrapper)).toEqual(labels);
  });

  it('a leader (read-only) sees no buttons and is told why', async () => {
    const { wrapper } = await render('viewer', itemDetail({ allowedActions: [] }));
    expect(buttons(wrapper)).toEqual([]);
    expect(wrapper.get('[data-testid="no-actions"]').text()).toBe('只读账号，可以查阅，不能办理');
  });

  it('sending back asks for the reason before anything is sent', async () => {
    const { wrapper, api } = await render('supervisor', itemDetail({ status: 'closure_requested', allowedActions: ['approve_closure', 'reject_closure'] }));
    await wrapper.get('[data-action="reject_closure"]').trigger('click');
    await flushPromises();
    await clickSubmit();
    expect(dialog()!.textContent).toContain('请填写退回原因');
    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('objecting asks for the kind and the reason before anything is sent, then sends them to the objection route', async () => {
    const { wrapper, api } = await render('branch', itemDetail({ status: 'issued', allowedActions: ['start', 'object'] }));
    await wrapper.get('[data-action="object"]').trigger('click');
    await flushPromises();
    await clickSubmit();
    expect(dialog()!.textContent).toContain('请选择异议类型');
    expect(dialog()!.textContent).toContain('请填写异议理由');
    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
    dialog()!.querySelector<HTMLInputElement>('[data-kind="not_ours"] input')!.click();
    await typeComment('应由交警支队党委承办。');
    await clickSubmit();
    expect(api.calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/items/7/objection', body: { version: 3, kind: 'not_ours', reason: '应由交警支队党委承办。' } });
  });

  it('applying for closure without evidence is held back with the reason', async () => {
    const { wrapper } = await render('branch', itemDetail({ allowedActions: ['request_closure'], evidenceCount: 0 }));
    await wrapper.get('[data-action="request_closure"]').trigger('click');
    await flushPromises();
    expect(dialog()!.textContent).toContain('申请销号前，请先在“佐证材料”中上传至少一份材料');
    expect(document.querySelector<HTMLButtonElement>('[data-testid="action-submit"]')!.disabled).toBe(true);
  });

  it('applying for closure sends the statement with the version the page holds', async () => {
    const { wrapper, api } = await render('branch', itemDetail({ allowedActions: ['request_closure'], evidenceCount: 1 }));
    await wrapper.get('[data-action="request_closure"]').trigger('click');
    await flushPromises();
    await typeComment('已完成整改，制度已修订。');
    await clickSubmit();
    expect(api.calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/items/7/transitions', body: { action: 'request_closure', version: 3, comment: '已完成整改，制度已修订。' } });
    expect(api.current().status).toBe('closure_requested');
  });
});

describe('a stale version', { timeout: 60_000 }, () => {
  it('says the item was changed by someone else, reloads on request, and keeps what was typed', async () => {
    const { wrapper, api } = await render('supervisor', itemDetail({ status: 'closure_requested', allowedActions: ['approve_closure', 'reject_closure'] }));
    api.changeBehindBack({ remarks: '另一位督办人员补充了备注' });

    await wrapper.get('[data-action="reject_closure"]').trigger('click');
    await flushPromises();
    await typeComment('会议记录不完整，请补充。');
    await clickSubmit();

    const alert = wrapper.get('[data-testid="stale-version"]');
    expect(alert.text()).toContain('该事项已被他人修改');
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(api.current().status).toBe('closure_requested');

    await alert.get('[data-testid="stale-reload"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="stale-version"]').exists()).toBe(false);
    expect(api.calls.at(-1)).toMatchObject({ method: 'GET', path: '/api/items/7' });

    await wrapper.get('[data-action="reject_closure"]').trigger('click');
    await flushPromises();
    expect(dialog()!.querySelector('textarea')!.value).toBe('会议记录不完整，请补充。');
    await clickSubmit();
    expect(api.calls.at(-1)).toMatchObject({ method: 'POST', body: { action: 'reject_closure', version: 4, comment: '会议记录不完整，请补充。' } });
  });
});
