import { describe, expect, it, vi } from 'vitest';
import type { ImportResult } from '@rectify/shared';
import { ApiError } from '@/api/errors';
import type { ImportUpload } from '@/api/ledger-io';
import { useLedgerImport } from './useLedgerImport';

const xlsx = (name = '台账.xlsx', size = 2048) => new File([new Uint8Array(size)], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

const row = (n: number, ok = true) => ({
  sheet: '台账',
  row: n,
  ok,
  orgId: 2,
  orgName: '江川市公安局党委',
  source: 'self_inspection' as const,
  categoryId: 1,
  title: `问题${n}`,
  deadline: ok ? '2026-08-31' : null,
  type: 'deadline' as const,
  measureCount: 1,
  warnings: [],
});

function report({ dryRun = true, bad = false }: { dryRun?: boolean; bad?: boolean } = {}): ImportResult {
  const errors = bad ? [{ code: 'date_invalid', message: '日期无法识别', sheet: '台账', row: 4, column: 'M', header: '整改时限', value: '2026-02-30' }] : [];
  return {
    dryRun,
    ok: !bad,
    rowCount: 3,
    created: dryRun ? 0 : 3,
    errorCount: errors.length,
    errors,
    sheets: [{ name: '台账', headerRow: 1, dataRows: 3, skipped: null, columns: [] }],
    rows: [row(2), row(3), row(4, !bad)],
  };
}

/** An upload that reports progress, then "finishes sending", then answers; every call is kept. */
function fakeUpload(answers: Array<ImportResult | Error>) {
  const calls: ImportUpload[] = [];
  const upload = vi.fn(async (input: ImportUpload) => {
    calls.push(input);
    input.onProgress?.({ loaded: 512, total: 2048 });
    input.onUploaded?.();
    const answer = answers.shift()!;
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { upload, calls };
}

const localError = (reason: 'type' | 'size') => `local:${reason}`;

describe('an import, from the chosen file to the created items', () => {
  it('when a file is chosen, it is sent as a dry run with the default source, and the report is previewed', async () => {
    const { upload, calls } = fakeUpload([report()]);
    const flow = useLedgerImport({ upload, localError });
    flow.source.value = 'review';
    const file = xlsx();
    await flow.choose(file);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.file).toBe(file);
    expect(calls[0]!.query).toEqual({ dryRun: true, source: 'review' });
    expect(flow.phase.value).toBe('preview');
    expect(flow.result.value?.rowCount).toBe(3);
    expect(flow.canConfirm.value).toBe(true);
  });

  it('while the file is on its way it shows the percentage, then that the server is checking it', async () => {
    let release!: (result: ImportResult) => void;
    const phases: string[] = [];
    const flow = useLedgerImport({
      upload: (input) => {
        input.onProgress?.({ loaded: 1024, total: 4096 });
        phases.push(`${flow.phase.value} ${flow.percent.value}`);
        input.onUploaded?.();
        phases.push(`${flow.phase.value} ${flow.percent.value}`);
        return new Promise((resolve) => (release = resolve));
      },
      localError,
    });
    const pending = flow.choose(xlsx());
    expect(phases).toEqual(['uploading 25', 'checking 100']);
    expect(flow.busy.value).toBe(true);
    release(report());
    await pending;
    expect(flow.busy.value).toBe(false);
  });

  it('when the dry run finds an error, confirming is disabled and sends nothing', async () => {
    const { upload } = fakeUpload([report({ bad: true })]);
    const flow = useLedgerImport({ upload, localError });
    await flow.choose(xlsx());
    expect(flow.hasErrors.value).toBe(true);
    expect(flow.canConfirm.value).toBe(false);
    expect(flow.rowErrors({ sheet: '台账', row: 4 })).toHaveLength(1);
    expect(flow.rowErrors({ sheet: '台账', row: 3 })).toHaveLength(0);
    expect(await flow.confirm()).toBeNull();
    expect(upload).toHaveBeenCalledTimes(1);
  });

  it('when confirmed, the same file and source are sent for the real run, which ends with the count created', async () => {
    const { upload, calls } = fakeUpload([report(), report({ dryRun: false })]);
    const flow = useLedgerImport({ upload, localError });
    flow.source.value = 'inspection';
    const file = xlsx();
    await flow.choose(file);
    const done = await flow.confirm();
    expect(calls.map((c) => c.query)).toEqual([
      { dryRun: true, source: 'inspection' },
      { dryRun: false, source: 'inspection' },
    ]);
    expect(calls[1]!.file).toBe(file);
    expect(done?.created).toBe(3);
    expect(flow.phase.value).toBe('done');
  });

  it('when the real run is refused as a whole, its report replaces the preview and confirming is disabled again', async () => {
    const refused = new ApiError({ status: 400, code: 'import.invalid_rows', message: '导入文件有错误，未导入任何事项；请先修正后重试', details: report({ dryRun: false, bad: true }) });
    const { upload } = fakeUpload([report(), refused]);
    const flow = useLedgerImport({ upload, localError });
    await flow.choose(xlsx());
    expect(await flow.confirm()).toBeNull();
    expect(flow.phase.value).toBe('preview');
    expect(flow.error.value).toBe('导入文件有错误，未导入任何事项；请先修正后重试');
    expect(flow.result.value?.errors[0]?.column).toBe('M');
    expect(flow.canConfirm.value).toBe(false);
  });

  it('when the file cannot be read at all, the message is shown and another file can be chosen', async () => {
    const { upload } = fakeUpload([new ApiError({ status: 400, code: 'import.not_xlsx', message: '文件不是 Excel 工作簿（.xlsx）' })]);
    const flow = useLedgerImport({ upload, localError });
    await flow.choose(xlsx());
    expect(flow.phase.value).toBe('choose');
    expect(flow.error.value).toBe('文件不是 Excel 工作簿（.xlsx）');
    expect(flow.canConfirm.value).toBe(false);
  });

  it('a file that is not .xlsx, or larger than the server takes, is refused before anything is sent', async () => {
    const { upload } = fakeUpload([]);
    const flow = useLedgerImport({ upload, localError });
    await flow.choose(xlsx('台账.xls'));
    expect(flow.error.value).toBe('local:type');
    await flow.choose(xlsx('台账.xlsx', 21 * 1024 * 1024));
    expect(flow.error.value).toBe('local:size');
    expect(upload).not.toHaveBeenCalled();
  });

  it('a file with no data rows cannot be imported even though nothing is wrong with it', async () => {
    const { upload } = fakeUpload([{ ...report(), rowCount: 0, rows: [] }]);
    const flow = useLedgerImport({ upload, localError });
    await flow.choose(xlsx());
    expect(flow.hasErrors.value).toBe(false);
    expect(flow.canConfirm.value).toBe(false);
  });
});
