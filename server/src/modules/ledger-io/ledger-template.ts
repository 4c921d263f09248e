import ExcelJS from 'exceljs';
import { itemSourceLabels, itemSources, itemTypeLabels, itemTypes } from '@rectify/shared';
import { importColumns } from './ledger-columns.js';
import { importLimits } from './import/import.service.js';

const templateRows = 1000;
/** Paper size 8 is A3 (ECMA-376 §18.3.1.63); exceljs' type declarations list only a few sizes. */
const a3Paper = 8 as unknown as ExcelJS.PaperSize;

/** exceljs validates a whole range in one rule at run time; its type declarations only know the per-cell form. */
const rangeValidations = (sheet: ExcelJS.Worksheet) => (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations;

/**
 * The import template: the columns an import reads, with drop-down lists of the caller's organizations,
 * the sources, categories and types (kept on a hidden sheet), and a sheet of instructions.
 */
export async function buildTemplate({ orgNames, categoryNames, today }: { orgNames: string[]; categoryNames: string[]; today: string }) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Rectify 问题整改台账';
  const fitWidth = { fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  const sheet = workbook.addWorksheet('台账', {
    views: [{ state: 'frozen', ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
    pageSetup: { orientation: 'landscape', paperSize: a3Paper, ...fitWidth },
  });
  const options = workbook.addWorksheet('选项', { state: 'hidden' });
  const help = workbook.addWorksheet('填写说明', { pageSetup: { orientation: 'portrait', paperSize: 9, ...fitWidth } });

  sheet.columns = importColumns.map((c) => ({ key: c.field, width: c.width }));
  sheet.getRow(1).values = ['问题整改台账（导入模板）'];
  sheet.mergeCells(1, 1, 1, importColumns.length);
  sheet.getRow(1).height = 28;
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  const header = sheet.getRow(2);
  header.values = importColumns.map((c) => c.header);
  header.height = 22;
  const required = new Set(['description', 'deadline', 'org']);
  header.eachCell((cell, col) => {
    cell.font = { bold: true, color: { argb: required.has(importColumns[col - 1].field) ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });

  const lists: Array<[string, string[]]> = [
    ['所属单位', orgNames],
    ['问题来源', itemSources.map((s) => itemSourceLabels[s])],
    ['问题类别', categoryNames],
    ['整改类型', itemTypes.map((t) => itemTypeLabels[t])],
  ];
  lists.forEach(([name, values], i) => {
    const col = i + 1;
    options.getCell(1, col).value = name;
    values.forEach((v, r) => (options.getCell(r + 2, col).value = v));
  });
  const letter = (i: number) => String.fromCharCode(65 + i);
  const fieldCol = (field: string) => importColumns.findIndex((c) => c.field === field) + 1;
  const listFor: Record<string, number> = { org: 0, source: 1, category: 2, type: 3 };
  for (const [field, index] of Object.entries(listFor)) {
    const count = lists[index][1].length;
    if (count === 0) continue;
    const col = letter(fieldCol(field) - 1);
    rangeValidations(sheet).add(`${col}3:${col}${templateRows + 2}`, {
      type: 'list',
      allowBlank: true,
      showErrorMessage: field !== 'org',
      formulae: [`选项!$${letter(index)}$2:$${letter(index)}$${count + 1}`],
    });
  }
  const deadline = letter(fieldCol('deadline') - 1);
  for (let r = 3; r <= templateRows + 2; r++) sheet.getCell(`${deadline}${r}`).numFmt = 'yyyy-mm-dd';

  help.columns = [{ width: 18 }, { width: 90 }];
  const year = today.slice(0, 4);
  const lines: Array<[string, string]> = [
    ['填写说明', ''],
    ['必填列', '所属单位、问题描述、整改时限（红色列名；也可改填工作日时限）。所属单位也可留空：工作表名称或标题写明单位名称时按该单位导入。'],
    ['所属单位', '即主办单位。填写组织全称或简称，须在您的管辖范围内；同一单位的多行可合并单元格。'],
    ['协办单位', '可留空。需要其他单位协同整改时填写，多个单位用“、”分隔，如“甲单位党支部、乙单位党支部”；须与所属单位同属一个工委，且不能是所属单位本身。'],
    ['问题来源', `可填：${itemSources.map((s) => itemSourceLabels[s]).join('、')}；党组织经办人只能导入“自身查摆”的问题。`],
    ['问题类别', '须为系统中已有的类别，可留空。'],
    ['问题标题', '可留空，留空时取问题描述的第一句。'],
    ['整改措施', '一格内每行一条，如“1. 制定学习计划（责任人：张明；完成时限：2026-10-31）”。'],
    ['整改时限', `Excel 日期，或文字 ${year}-08-31、${year}年8月31日、${year}/8/31、8月底、9月中旬、年底；“长期坚持”按当年年底计。`],
    [
      '工作日时限',
      '可留空。规定按工作日计算时限的，填写“15个工作日”或 15（1～250），自导入之日起按工作日历推算整改时限（节假日不计，调休上班日计入），此时整改时限列可留空；两列都填写时以工作日时限为准。规定自签收之日起计算的，填写“自签收之日起15个工作日”：签收前暂按导入之日推算，单位签收时按签收之日重新计算。推算跨入尚未载入工作日历的年份时，时限标为暂定，待系统管理员载入该年日历后自动重算。',
    ],
    ['整改类型', `${itemTypes.map((t) => itemTypeLabels[t]).join('、')}；留空按“限期整改”。`],
    ['限制', `每次最多 ${importLimits.maxDataRows.toLocaleString('en-US')} 行，文件不超过 ${importLimits.maxBytes / 1024 / 1024} MB；公式须有计算结果。`],
    ['导入方式', '先“检查”（试导入）查看每一行的结果和错误，全部无误后再正式导入；有任何错误时不会导入任何一行。'],
  ];
  lines.forEach(([a, b], i) => {
    const row = help.getRow(i + 1);
    row.values = [a, b];
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  });
  help.getCell('A1').font = { bold: true, size: 14 };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
