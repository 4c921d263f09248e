import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { ItemDetail } from '@rectify/shared';
import { itemsApi } from '@/api/items';
import { itemDetail } from '@/test/fixtures';
import { stubItemApi } from '@/test/item-api';
import { useItemDetail } from './useItemDetail';

beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'access');
  localStorage.setItem('rectify.refreshToken', 'refresh');
});

async function loaded(item = itemDetail()) {
  const api = stubItemApi(item);
  const onError = vi.fn();
  const page = useItemDetail(ref(item.id), { onError });
  await page.load();
  return { api, page, onError };
}

describe('useItemDetail', () => {
  it('a change answers with the item, which replaces the page\'s copy', async () => {
    const { page, api } = await loaded();
    const result = await page.change('edit', (current) => itemsApi.update(current.id, { version: current.version, remarks: '已整改' }));
    expect(result).toEqual({ ok: true });
    expect(page.item.value).toMatchObject({ remarks: '已整改', version: 4 });
    expect(api.calls.at(-1)).toMatchObject({ method: 'PATCH', body: { version: 3, remarks: '已整改' } });
  });

  it('when someone else changed the item first, it says the version is stale and puts back what it showed ahead', async () => {
    const { page, api, onError } = await loaded();
    api.changeBehindBack({ remarks: '别人改的' });
    const optimistic = (current: ItemDetail) => ({ ...current, remarks: '我改的' });
    const pending = page.change('edit', (current) => itemsApi.update(current.id, { version: current.version, remarks: '我改的' }), { optimistic });
    expect(page.item.value?.remarks).toBe('我改的');
    expect(page.busy.value).toBe('edit');
    await expect(pending).resolves.toMatchObject({ ok: false, stale: true });
    expect(page.stale.value).toBe(true);
    expect(page.item.value?.remarks).toBeNull();
    expect(page.busy.value).toBeNull();
    expect(onError).not.toHaveBeenCalled();
  });

  it('a reload after a stale version shows the other change and clears the warning', async () => {
    const { page, api } = await loaded();
    api.changeBehindBack({ remarks: '别人改的' });
    await page.change('edit', (current) => itemsApi.update(current.id, { version: current.version, remarks: 'x' }));
    await page.load();
    expect(page.stale.value).toBe(false);
    expect(page.item.value).toMatchObject({ remarks: '别人改的', version: 4 });
    const retry = await page.change('edit', (current) => itemsApi.update(current.id, { version: current.version, remarks: 'x' }));
    expect(retry.ok).toBe(true);
  });

  it('any other refusal is reported with its message, and does not mark the item stale', async () => {
    const { page, onError } = await loaded();
    const result = await page.change('transition:reject_closure', (current) => itemsApi.transition(current.id, { action: 'reject_closure', version: current.version }));
    expect(result).toMatchObject({ ok: false, stale: false, message: '请填写说明或理由' });
    expect(onError).toHaveBeenCalledWith('请填写说明或理由');
    expect(page.stale.value).toBe(false);
  });

  it('one change at a time: a second one while the first runs is not sent', async () => {
    const { page, api } = await loaded();
    const first = page.change('a', (current) => itemsApi.update(current.id, { version: current.version, remarks: '1' }));
    const second = await page.change('b', (current) => itemsApi.update(current.id, { version: current.version, remarks: '2' }));
    await first;
    expect(second.ok).toBe(false);
    expect(api.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('an item outside the scope reads as not found', async () => {
    stubItemApi(itemDetail({ id: 1 }));
    const page = useItemDetail(ref(99));
    await page.load();
    expect(page.notFound.value).toBe(true);
    expect(page.item.value).toBeNull();
  });
});
