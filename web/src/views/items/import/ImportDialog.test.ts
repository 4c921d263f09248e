import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h, ref } from 'vue';
import type { ImportResult } from '@rectify/shared';
import type { ImportUpload } from '@/api/ledger-io';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { jsonResponse, meAs } from '@/test/fixtures';

const good = (row: number, title: string) => ({
  sheet: '台账',
  row,
  ok: true,
  orgId: 2,
  orgName: '江川市公安局党委',
  source: 'self_inspection' as const,
  categoryId: 1,
  title,
  deadline: '2026-08-31',
  type: 'deadline' as const,
  measureCount: 2,
  warnings: [] as string[],
});

const withError: ImportResult = {
  dryRun: true,
  ok: false,
  rowCount: 3,
  created: 0,
  errorCount: 1,
  errors: [{ code: 'org_unknown', message: '所属单位不存在或不在您的管辖范围内', sheet: '台账', row: 4, column: 'B', header: '所属单位', value: '江川市不存在局党委' }],
  sheets: [{ name: '台账', headerRow: 1, dataRows: 3, skipped: null, columns: [] }],
  rows: [good(2, '理论学习不够系统'), good(3, '三会一课记录不全'), { ...good(4, '党费收缴不及时'), ok: false, orgId: null, orgName: null }],
};
const clean: ImportResult = { ...withError, ok: true, errorCount: 0, errors: [], rows: withError.rows.map((r) => ({ ...r, ok: true, orgId: 2, orgName: '江川市公安局党委' })) };

let ImportDialog: unknown;
beforeAll(async () => {
  ImportDialog = (await import('./ImportDialog.vue')).default;
}, 120_000);

let wrapper: VueWrapper | null = null;
beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://app.test');
      if (url.pathname === '/api/categories') return jsonResponse(200, { items: [{ id: 1, name: '组织建设', active: true, sortOrder: 10 }] });
      return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
    }),
  );
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

function open(answers: ImportResult[]) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore(pinia).user = meAs('supervisor');
  const sent: ImportUpload['query'][] = [];
  const upload = async (input: ImportUpload) => {
    sent.push(input.query);
    return answers.shift()!;
  };
  const imported: number[] = [];
  const Root = defineComponent({
    setup: () => {
      const visible = ref(true);
      return () => h(ImportDialog as never, { modelValue: visible.value, 'onUpdate:modelValue': (v: boolean) => (visible.value = v), upload, onImported: (n: number) => imported.push(n) });
    },
  });
  wrapper = mount(Root, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  return { sent, imported };
}

async function choose(name = '公安局整改台账.xlsx') {
  const input = document.querySelector<HTMLInputElement>('[data-testid="import-file"]')!;
  Object.defineProperty(input, 'files', { value: [new File([new Uint8Array(64)], name)], configurable: true });
  input.dispatchEvent(new Event('change'));
  await flushPromises();
  await vi.waitFor(() => expect(document.querySelector('[data-testid="import-preview"]')).not.toBeNull());
}

const confirmButton = () => document.querySelector<HTMLButtonElement>('[data-testid="import-confirm"]')!;

describe('the import dialog', { timeout: 60_000 }, () => {
  it('shows each error with its row and column, marks the row, and keeps 确认导入 disabled', async () => {
    const { sent } = open([withError]);
    await vi.waitFor(() => expect(document.querySelector('[data-testid="import-file"]')).not.toBeNull());
    await choose();
    expect(sent).toEqual([{ dryRun: true }]);
    const errors = document.querySelector('[data-testid="import-errors"]')!.textContent!;
    expect(errors).toContain('第 4 行 · B 列（所属单位）');
    expect(errors).toContain('所属单位不存在或不在您的管辖范围内');
    expect(errors).toContain('江川市不存在局党委');
    expect(document.body.textContent).toContain('发现 1 处错误，不能导入');
    expect(document.querySelectorAll('.preview-row--error')).toHaveLength(1);
    expect(confirmButton().disabled).toBe(true);
  });

  it('with a clean report, 确认导入 runs the real import and reports how many items were created', async () => {
    const { sent, imported } = open([clean, { ...clean, dryRun: false, created: 3 }]);
    await vi.waitFor(() => expect(document.querySelector('[data-testid="import-file"]')).not.toBeNull());
    await choose();
    expect(document.body.textContent).toContain('检查通过，可导入 3 个事项');
    expect(document.querySelector('[data-testid="import-rows"]')!.textContent).toContain('组织建设');
    expect(confirmButton().disabled).toBe(false);
    confirmButton().click();
    await vi.waitFor(() => expect(document.querySelector('[data-testid="import-done"]')).not.toBeNull());
    expect(sent).toEqual([{ dryRun: true }, { dryRun: false }]);
    expect(imported).toEqual([3]);
    expect(document.querySelector('[data-testid="import-done"]')!.textContent).toContain('已导入 3 个事项');
  });
});
