import { xlsx } from '../src/modules/ledger-io/ledger-io.test-helpers.js';
import { sampled, type SingleResult } from './single.js';

/**
 * A 10,000-row ledger for organizations of the bench tree (short names O2…O41), checked with a dry run and then
 * imported for real over HTTP, as a browser would upload it. Time is for both requests; RSS is the peak of either.
 */
export async function importXlsx10k(appUrl: string, authorization: string): Promise<SingleResult> {
  const rows = Array.from({ length: 10_000 }, (_, i) => [
    `O${2 + (i % 40)}`,
    '上级点评',
    `导入的第 ${i + 1} 个问题：支部“三会一课”记录不完整，会议内容与主题不符。`,
    `2027-${String((i % 12) + 1).padStart(2, '0')}-28`,
    `1. 逐月检查会议记录（责任人：人员${i % 9}）\n2. 年底前完成整改`,
  ]);
  const file = await xlsx({ 台账: [['所属单位', '问题来源', '问题描述', '整改时限', '整改措施'], ...rows] });
  const upload = async (query: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), '台账.xlsx');
    const res = await fetch(`${appUrl}/api/items/import${query}`, { method: 'POST', headers: { authorization }, body: form });
    const body = (await res.json()) as { created?: number; errorCount?: number; error?: { message: string } };
    if (res.status !== 200) throw new Error(`import${query} → ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return { status: res.status, body };
  };
  const { value, ...measured } = await sampled(async () => {
    await upload('?dryRun=true');
    return upload('');
  });
  if (value.body.created !== rows.length) throw new Error(`import created ${value.body.created} of ${rows.length}`);
  return { ...measured, bytes: file.length, status: value.status };
}
