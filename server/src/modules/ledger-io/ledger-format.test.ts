import { describe, expect, it } from 'vitest';
import { readDate, serialToDate, dateToSerial } from './ledger-dates.js';
import { matchHeader } from './ledger-columns.js';
import { formatMeasures, parseMeasures } from './ledger-measures.js';
import { isDateFormat } from './xlsx/number-formats.js';

const today = '2026-05-10';
const text = (t: string) => readDate({ kind: 'text', text: t }, today);

describe('reading deadlines', () => {
  it.each([
    ['2026-08-31', '2026-08-31'],
    ['2026/8/1', '2026-08-01'],
    ['２０２６年８月３１日前', '2026-08-31'],
    ['2026.12.31之前', '2026-12-31'],
    ['20260229', null],
    ['2028-02-29', '2028-02-29'],
    ['2026年2月', '2026-02-28'],
    ['6月上旬', '2026-06-10'],
    ['6月下旬', '2026-06-30'],
    ['2027年上半年', '2027-06-30'],
    ['下个月', null],
    ['1999-01-01', '1999-01-01'],
    ['1899-12-31', null],
    ['2200-01-01', null],
    ['0000-01-01', null],
    ['2199年12月', '2199-12-31'],
  ])('when a cell says %s, it reads %s', (input, expected) => {
    const reading = text(input);
    expect(reading && 'date' in reading ? reading.date : null).toBe(expected);
  });

  it('when a cell is an Excel date or a plain serial number, it reads the day it shows', () => {
    expect(readDate({ kind: 'date', serial: 46265 }, today)).toEqual({ date: '2026-08-31' });
    expect(readDate({ kind: 'number', value: 46265.75 }, today)).toMatchObject({ date: '2026-08-31', warning: expect.stringContaining('46265') });
    expect(readDate({ kind: 'number', value: 12 }, today)).toEqual({ error: 'date_invalid' });
    expect(readDate({ kind: 'date', serial: 1e20 }, today)).toEqual({ error: 'date_invalid' });
    expect(readDate({ kind: 'date', serial: -800000 }, today)).toEqual({ error: 'date_invalid' });
    expect(readDate({ kind: 'date', serial: 109575 }, today)).toEqual({ error: 'date_invalid' });
    expect(serialToDate(dateToSerial('2026-03-01'))).toBe('2026-03-01');
  });

  it('when a cell is empty, there is nothing to read', () => {
    expect(readDate(undefined, today)).toBeNull();
    expect(text('  ')).toBeNull();
  });
});

describe('header names', () => {
  it.each([
    ['问题描述（存在问题）', 'description'],
    ['存在问题', 'description'],
    ['完成时限', 'deadline'],
    ['整改时限\n（年月日）', 'deadline'],
    ['*所属单位', 'org'],
    ['销号情况/日期', 'closure'],
    ['具体整改措施', 'measures'],
    ['责任人', 'person'],
    ['责任领导', 'leader'],
    ['姓名', null],
    ['可留空，留空时取问题描述的第一句。', null],
  ])('when a header says %j, it means %s', (header, field) => {
    expect(matchHeader(header)?.field ?? null).toBe(field);
  });
});

describe('measures in one cell', () => {
  it('when measures are written out and read back, they are the same', () => {
    const measures = [
      { content: '制定计划', responsiblePerson: '张明', deadline: '2026-06-30' },
      { content: '两行的\n措施', responsiblePerson: null, deadline: null },
      { content: '只有时限', responsiblePerson: null, deadline: '2026-07-01' },
    ];
    expect(parseMeasures(formatMeasures(measures))).toEqual([
      { content: '制定计划', responsiblePerson: '张明', deadline: '2026-06-30' },
      { content: '两行的\n措施' },
      { content: '只有时限', responsiblePerson: null, deadline: '2026-07-01' },
    ]);
  });

  it('when measures carry states, the cell names them (not 未开始) and reads them back; a cell without states still reads', () => {
    const cell = formatMeasures([
      { content: '制定计划', responsiblePerson: '张明', deadline: null, status: 'done' },
      { content: '每月检查', responsiblePerson: null, deadline: null, status: 'in_progress' },
      { content: '年底总结', responsiblePerson: null, deadline: null, status: 'not_started' },
    ]);
    expect(cell).toBe('1. 制定计划（责任人：张明；状态：已完成）\n2. 每月检查（状态：推进中）\n3. 年底总结');
    expect(parseMeasures(cell)).toEqual([
      { content: '制定计划', responsiblePerson: '张明', deadline: null, status: 'done' },
      { content: '每月检查', responsiblePerson: null, deadline: null, status: 'in_progress' },
      { content: '年底总结' },
    ]);
    expect(parseMeasures('1. 制定计划（责任人：张明；完成时限：2026-06-30）')).toEqual([{ content: '制定计划', responsiblePerson: '张明', deadline: '2026-06-30' }]);
  });

  it('when a hand-written cell numbers its measures on one line or not at all, it still splits sensibly', () => {
    expect(parseMeasures('1.建立台账；2.每月检查；3、年底总结').map((m) => m.content)).toEqual(['建立台账', '每月检查', '年底总结']);
    expect(parseMeasures('召开专题会议研究整改')).toEqual([{ content: '召开专题会议研究整改' }]);
  });
});

describe('number formats', () => {
  it.each([
    [14, undefined, true],
    [0, undefined, false],
    [176, 'yyyy"年"m"月"d"日"', true],
    [177, '[Red]0.00', false],
    [178, '[$-804]General', false],
    [179, 'mm-dd', true],
  ])('when format %i is %j, date = %s', (id, code, expected) => {
    expect(isDateFormat(id, code)).toBe(expected);
  });
});
