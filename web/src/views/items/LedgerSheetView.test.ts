import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { ElConfigProvider } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { jsonResponse, ledgerSheetRow, meAs } from '@/test/fixtures';

/** Two items of the police committee: one with 协办 and a provisional deadline in working days, one plain. */
const rows = [
  ledgerSheetRow({
    id: 1,
    code: '2026-公安-001',
    assistOrgs: ['江川市财政局机关党委', '市公安局交通警察支队党支部'],
    deadline: '2027-02-05',
    deadlineWorkingDays: 250,
    deadlineBasis: 'issue',
    deadlineProvisional: true,
  }),
  ledgerSheetRow({ id: 2, code: '2026-公安-002', deadline: '2026-09-30', deadlineWorkingDays: 15, deadlineBasis: 'acknowledge', deadlineProvisional: false }),
  ledgerSheetRow({ id: 3, code: '2026-公安-003' }),
];

let LedgerSheetView: unknown;
let LedgerPrintView: unknown;
// The pages and the Element Plus parts they use compile on first import: that happens once, here, not in a test.
beforeAll(async () => {
  [LedgerSheetView, LedgerPrintView] = (await Promise.all([import('./LedgerSheetView.vue'), import('./LedgerPrintView.vue')])).map((m) => m.default);
}, 120_000);

let wrapper: VueWrapper | null = null;
beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'access');
  localStorage.setItem('rectify.refreshToken', 'refresh');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://app.test');
      if (url.pathname === '/api/items/ledger') return jsonResponse(200, { rows, total: rows.length });
      if (url.pathname === '/api/orgs') return jsonResponse(200, { items: [] });
      if (url.pathname === '/api/categories') return jsonResponse(200, { items: [] });
      if (url.pathname === '/api/reviews') return jsonResponse(200, { items: [], total: 0 });
      return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
    }),
  );
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
  localStorage.clear();
});

async function open(path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore(pinia).user = meAs('supervisor');
  const stub = { render: () => h('p') };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/items', name: 'items', component: stub },
      { path: '/items/ledger', name: 'ledger', component: LedgerSheetView as never },
      { path: '/items/ledger/print', name: 'ledger-print', component: LedgerPrintView as never },
      { path: '/items/:id', name: 'item', component: stub },
    ],
  });
  await router.push(path);
  const Root = defineComponent({ render: () => h(ElConfigProvider, { locale: zhCn }, () => h(RouterView)) });
  wrapper = mount(Root, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper!.findAll('[data-testid="ledger-sheet"] tbody tr')).toHaveLength(rows.length));
  await flushPromises();
  return wrapper;
}

/** The text of each row's cell in the column with this header, as lines. */
function column(w: VueWrapper, header: string): string[][] {
  const headers = w.findAll('[data-testid="ledger-sheet"] thead th').map((th) => th.text());
  const at = headers.indexOf(header);
  expect(at, `no column ${header} in ${headers.join(' | ')}`).toBeGreaterThan(-1);
  const cls = w.findAll('[data-testid="ledger-sheet"] thead th')[at]!.classes().find((c) => c.startsWith('col-'))!;
  return w.findAll(`[data-testid="ledger-sheet"] tbody td.${cls}`).map((td) => td.findAll('.sheet__line').map((line) => line.text()));
}

// Whole pages in a simulated browser: generous time for a busy machine.
describe.each([
  ['the 台账', '/items/ledger'],
  ['the 台账 print view', '/items/ledger/print'],
])('%s', { timeout: 90_000 }, (_name, path) => {
  it('names the lead 主办 in the merged cell and the assisting organizations 协办 in a column of their own', async () => {
    const w = await open(path);
    const headers = w.findAll('[data-testid="ledger-sheet"] thead th').map((th) => th.text());
    expect(headers.slice(0, 4)).toEqual(['序号', '主办单位', '协办单位', '编号']);
    expect(w.get('[data-testid="ledger-sheet"] tbody th.col-org').text()).toBe('江川市公安局党委');
    expect(column(w, '协办单位')).toEqual([['江川市财政局机关党委、市公安局交通警察支队党支部'], [], []]);
  });

  it('shows a deadline in working days as the date, then N 个工作日 and from when, with 待定 while the date is provisional', async () => {
    const w = await open(path);
    expect(column(w, '整改时限')).toEqual([
      ['2027-02-05待定', '250 个工作日（自交办）'],
      ['2026-09-30', '15 个工作日（自签收）'],
      ['2026-08-31'],
    ]);
    const marks = w.findAll('[data-testid="sheet-provisional"]');
    expect(marks).toHaveLength(1);
    expect(marks[0]!.text()).toBe('待定');
    expect(marks[0]!.attributes('title')).toContain('尚未载入工作日历');
  });
});
