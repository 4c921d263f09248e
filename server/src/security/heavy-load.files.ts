import { xlsx } from '../modules/ledger-io/ledger-io.test-helpers.js';

const header = ['序号', '所属单位', '问题来源', '问题类别', '问题描述', '原因剖析', '整改目标', '整改措施', '责任领导', '责任人', '整改时限', '整改类型', '备注'];
const orgs = ['江川市公安局党委', '江川市财政局机关党委', '江川市档案馆党支部'];

/** Text that compresses about as badly as real prose: common CJK characters from a seeded generator. */
function prose(next: () => number, length: number) {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(0x4e00 + Math.floor(next() * 2500));
  return text;
}

/** A ledger of `rows` problems with long descriptions and two measures each: some 2.5 MB at 3,600 rows. */
export async function bigLedger(rows: number): Promise<Buffer> {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const deadline = new Date(Date.UTC(2026, 11, 31));
  const data: unknown[][] = [['江川市直属机关工委问题整改台账'], header];
  for (let i = 1; i <= rows; i++) {
    const measures = `1. ${prose(next, 50)}\n2. ${prose(next, 50)}`;
    data.push([i, orgs[i % 3], '上级点评', '理论学习', `${prose(next, 120)}。`, prose(next, 60), prose(next, 40), measures, '王书记', '张明', deadline, '限期整改', prose(next, 20)]);
  }
  return xlsx({ 台账: data });
}
