import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSafeZip, assertZipInflates, detectFileType } from './detect.js';
import { heicHeader, makeCfb, makeOoxml, makeZip, minimalPdf, pngWithText } from './test-fixtures.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rectify-detect-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the content under a name that claims some other type: detection must ignore it. */
async function onDisk(name: string, content: Uint8Array | string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; details: { reason: string } }> {
  return promise.then(
    () => expect.fail('expected a refusal'),
    (err: { code: string; details: { reason: string } }) => err,
  );
}

function image(format: 'png' | 'jpeg' | 'gif' | 'webp') {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
    .toFormat(format)
    .toBuffer();
}

/** 整改,中文 / 1,2 in GBK, the bytes a Chinese Windows Excel writes for a CSV. */
const gbkCsv = Buffer.from('d5fbb8c42cd6d0cec40d0a312c320d0a', 'hex');

describe('allowed types', () => {
  it('when the content is a PDF, it is a pdf whether given as bytes or as a file', async () => {
    const expected = { mime: 'application/pdf', ext: 'pdf', kind: 'pdf' };
    expect(await detectFileType(Buffer.from(minimalPdf))).toEqual(expected);
    expect(await detectFileType(await onDisk('scan.bin', minimalPdf))).toEqual(expected);
  });

  it.each([
    ['png', 'image/png', 'png'],
    ['jpeg', 'image/jpeg', 'jpg'],
    ['gif', 'image/gif', 'gif'],
    ['webp', 'image/webp', 'webp'],
  ] as const)('when the content is a %s image, it is an image of that type', async (format, mime, ext) => {
    expect(await detectFileType(await image(format))).toEqual({ mime, ext, kind: 'image' });
  });

  it('when the content starts like a HEIC photo, it is image/heic', async () => {
    expect(await detectFileType(heicHeader())).toEqual({ mime: 'image/heic', ext: 'heic', kind: 'image' });
  });

  it.each([
    ['word/document.xml', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xl/workbook.xml', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['ppt/presentation.xml', 'pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ])('when a zip holds %s, it is %s', async (part, ext, mime) => {
    expect(await detectFileType(await onDisk(`x.${ext}.pdf`, await makeOoxml(part)))).toEqual({ mime, ext, kind: 'office' });
  });

  it('when an OLE file has a WordDocument stream, it is a doc', async () => {
    const file = makeCfb({ '/WordDocument': 'text', '/1Table': 'table' });
    expect(await detectFileType(file)).toEqual({ mime: 'application/msword', ext: 'doc', kind: 'office' });
  });

  it('when an OLE file has a Workbook stream, even with a Word document embedded, it is an xls', async () => {
    const file = makeCfb({ '/Workbook': 'cells', '/ObjectPool/_1/WordDocument': 'embedded' });
    expect(await detectFileType(await onDisk('book.doc', file))).toEqual({ mime: 'application/vnd.ms-excel', ext: 'xls', kind: 'office' });
  });

  it('when an OLE file has hundreds of streams and a large body, its directory chain is still followed', async () => {
    const streams: Record<string, Buffer> = { '/WordDocument': Buffer.alloc(8 << 20, 7) };
    for (let i = 0; i < 300; i++) streams[`/Data/s${i}`] = Buffer.alloc(600, i);
    expect(await detectFileType(await onDisk('big.doc', makeCfb(streams)))).toMatchObject({ ext: 'doc' });
  });

  it('when the content is UTF-8 text, it is text/plain in utf-8', async () => {
    const notes = '整改说明：已于 3 月完成。\nSecond line, with a comma.\n';
    expect(await detectFileType(Buffer.from(notes))).toEqual({ mime: 'text/plain', ext: 'txt', kind: 'text', charset: 'utf-8' });
  });

  it('when the content is comma-separated rows, it is text/csv', async () => {
    const csv = '编号,问题,责任单位\n1,"台账, 未更新",办公室\n2,消防通道堵塞,后勤处\n';
    expect(await detectFileType(await onDisk('rows.pdf', csv))).toEqual({ mime: 'text/csv', ext: 'csv', kind: 'text', charset: 'utf-8' });
  });

  it('when the content is GBK-encoded CSV, it is accepted as gb18030', async () => {
    expect(new TextDecoder('gb18030').decode(gbkCsv)).toBe('整改,中文\r\n1,2\r\n');
    expect(await detectFileType(gbkCsv)).toEqual({ mime: 'text/csv', ext: 'csv', kind: 'text', charset: 'gb18030' });
  });
});

describe('refused types', () => {
  it.each([
    ['HTML named .pdf', 'report.pdf', '<html><body><script>alert(1)</script></body></html>', 'markup'],
    ['HTML with a doctype after blank lines', 'a.pdf', '\n\n  <!DOCTYPE html><p>x', 'markup'],
    ['SVG named .png', 'photo.png', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'markup'],
    ['a script tag after some text', 'notes.txt', 'meeting notes\n'.repeat(10000) + '<script>fetch("/api")</script>', 'markup'],
    ['a shell script', 'run.txt', '#!/bin/sh\nrm -rf /\n', 'script'],
    ['text with a NUL byte', 'a.txt', 'abc\u0000def', 'binary'],
    ['nothing at all', 'empty.pdf', '', 'empty'],
  ])('when the content is %s, it is refused as %s', async (_what, name, content, reason) => {
    const err = await refusal(detectFileType(await onDisk(name, content)));
    expect(err).toMatchObject({ code: 'evidence.type_not_allowed', details: { reason: expect.stringContaining(reason) } });
  });

  it('when the content is XML, it is refused', async () => {
    const err = await refusal(detectFileType(Buffer.from('<?xml version="1.0"?><a/>')));
    expect(err.code).toBe('evidence.type_not_allowed');
  });

  it.each([
    ['an ELF executable', Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(120)])],
    ['a Windows executable', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])],
    ['unknown bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256))],
    ['a gzip archive', Buffer.from('1f8b0800000000000003030000000000000000', 'hex')],
  ])('when the content is %s, it is refused', async (_what, content) => {
    expect((await refusal(detectFileType(await onDisk('evidence.pdf', content)))).code).toBe('evidence.type_not_allowed');
  });

  it('when text turns into binary after the first megabyte, it is refused', async () => {
    const content = Buffer.concat([Buffer.from('a'.repeat(1 << 20)), Buffer.from([0, 1, 2, 3])]);
    expect((await refusal(detectFileType(await onDisk('long.txt', content)))).details.reason).toBe('text_binary');
  });

  it('when a docx carries a VBA project, it is refused as macros', async () => {
    const docm = await makeOoxml('word/document.xml', [{ name: 'word/vbaProject.bin', data: 'vba' }]);
    expect((await refusal(detectFileType(docm))).details.reason).toBe('macros');
  });

  it('when an xls carries macros, it is refused as macros', async () => {
    const file = makeCfb({ '/Workbook': 'cells', '/_VBA_PROJECT_CUR/VBA/dir': 'vba' });
    expect((await refusal(detectFileType(file))).details.reason).toBe('macros');
  });

  it('when an OLE file is not a Word or Excel document (an installer, a message), it is refused', async () => {
    const msi = makeCfb({ '/SummaryInformation': 'x', '/Binary.exe': 'MZ' });
    expect((await refusal(detectFileType(msi))).details.reason).toBe('cfb_not_office');
  });

  it('when a zip is not an Office document, it is refused', async () => {
    const zip = await makeZip([{ name: 'photos/1.jpg', data: 'x' }]);
    expect((await refusal(detectFileType(zip))).details.reason).toBe('zip_not_office');
  });

  it('when a zip is malformed or names an entry outside itself, it is refused', async () => {
    const truncated = (await makeOoxml('word/document.xml')).subarray(0, 100);
    expect((await refusal(detectFileType(truncated))).details.reason).toBe('malformed_zip');
    const traversal = await makeZip([{ name: '[Content_Types].xml', data: 'x' }, { name: '../../etc/cron.d/x', data: 'x' }]);
    expect((await refusal(detectFileType(traversal))).details.reason).toBe('malformed_zip');
  });
});

describe('markup inside allowed types', () => {
  const xmp =
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>整改现场</dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';

  it.each([
    ['an event handler on an unlisted element', '会议记录\n<details open ontoggle=alert(1)>', 'text_event_handler'],
    ['a javascript: link', '见 <a href=javascript:alert(1)>此处</a>', 'text_script_url'],
    ['an attribute', '见 <a title="说明">此处</a>', 'text_markup'],
    ['a script URL alone', 'javascript:fetch("/api/users")', 'text_script_url'],
  ])('when text holds %s, it is refused', async (_what, content, reason) => {
    expect((await refusal(detectFileType(await onDisk('notes.txt', content)))).details.reason).toBe(reason);
  });

  it.each([
    ['a script tag', '<script>alert(document.cookie)</script>', 'embedded_markup'],
    ['an element with an event handler', '<x onmouseover=alert(1)>', 'embedded_event_handler'],
  ])('when a PNG carries %s in a text chunk, it is refused', async (_what, text, reason) => {
    const polyglot = pngWithText(await image('png'), 'Comment', text);
    expect(await sharp(polyglot).metadata()).toMatchObject({ format: 'png' });
    expect((await refusal(detectFileType(await onDisk('photo.png', polyglot)))).details).toMatchObject({ reason, detected: 'image/png' });
  });

  it('when a PDF carries an HTML page or a javascript: link, it is refused', async () => {
    const page = minimalPdf.replace('%%EOF', '<html><body onload="alert(1)"></body></html>\n%%EOF');
    expect((await refusal(detectFileType(Buffer.from(page)))).details.reason).toBe('embedded_markup');
    const link = minimalPdf.replace('/Count 0>>', '/Count 0/A<</S/URI/URI(javascript:alert(1))>>>>');
    expect((await refusal(detectFileType(Buffer.from(link)))).details.reason).toBe('embedded_script_url');
  });

  it('when pictures carry XMP metadata, they are accepted', async () => {
    const pictures = [
      ...(await Promise.all((['jpeg', 'webp'] as const).map((format) => sharp({ create: { width: 8, height: 8, channels: 3, background: '#00c' } }).withXmp(xmp).toFormat(format).toBuffer()))),
      // sharp compresses a PNG's XMP; written plain here, as many cameras and editors do.
      pngWithText(await image('png'), 'XML:com.adobe.xmp', xmp),
    ];
    for (const picture of pictures) {
      expect(picture.includes('x:xmpmeta')).toBe(true);
      expect(await detectFileType(picture)).toMatchObject({ kind: 'image' });
    }
  });

  it('when a PDF carries XMP metadata and hex strings, it is accepted', async () => {
    const pdf = minimalPdf.replace('trailer', `3 0 obj<</Type/Metadata/Subtype/XML>>stream\n${xmp}\nendstream endobj\n4 0 obj<FEFF004100420043>endobj\ntrailer`);
    expect(await detectFileType(Buffer.from(pdf))).toMatchObject({ ext: 'pdf' });
  });
});

describe('zip bombs', () => {
  it('when a docx holds 201 MiB of zeros, it is refused as a zip bomb before anything is inflated', async () => {
    const bomb = await makeOoxml('word/document.xml', [{ name: 'word/media/zeros.bin', zeros: 201 << 20 }]);
    expect(bomb.length).toBeLessThan(1 << 20);
    const err = await refusal(detectFileType(await onDisk('bomb.docx', bomb)));
    expect(err).toMatchObject({ code: 'evidence.zip_bomb', details: { reason: 'too_large_uncompressed' } });
  });

  it('when one entry compresses a thousandfold, it is refused by ratio though under the size limit', async () => {
    const bomb = await makeOoxml('xl/workbook.xml', [{ name: 'xl/worksheets/sheet1.xml', zeros: 20 << 20 }]);
    const err = await refusal(detectFileType(bomb));
    expect(err).toMatchObject({ code: 'evidence.zip_bomb', details: { reason: 'compression_ratio' } });
  });

  it('when the central directory declares a huge size, it is refused without reading the data', async () => {
    const bomb = await makeOoxml('word/document.xml', [{ name: 'word/big.xml', data: 'small', declaredSize: 0xf0000000 }]);
    expect((await refusal(assertSafeZip(bomb))).code).toBe('evidence.zip_bomb');
  });

  it('when the central directory declares 1,000 bytes for an entry that inflates to 300 MiB, it is refused while inflating', async () => {
    const bomb = await makeOoxml('word/document.xml', [{ name: 'word/media/image1.png', zeros: 300 << 20, declaredSize: 1_000 }]);
    expect(bomb.length).toBeLessThan(1 << 20);
    expect((await assertSafeZip(bomb)).totalUncompressedBytes).toBeLessThan(2_000);
    const err = await refusal(detectFileType(await onDisk('lying.docx', bomb)));
    expect(err).toMatchObject({ code: 'evidence.zip_bomb', details: { reason: 'compression_ratio', inflated: true } });
  });

  it('when the last entry declares 1,000 bytes and inflates past the total limit, the real bytes of the whole archive are what count', async () => {
    const bomb = await makeOoxml('xl/workbook.xml', [
      { name: 'xl/media/part1.bin', zeros: 6 << 20 },
      { name: 'xl/media/part2.bin', zeros: 6 << 20 },
      { name: 'xl/media/part3.bin', zeros: 6 << 20, declaredSize: 1_000 },
    ]);
    const limits = { maxUncompressedBytes: 16 << 20, maxRatio: 1_000_000 };
    expect((await assertSafeZip(bomb, limits)).totalUncompressedBytes).toBeLessThan(13 << 20);
    const err = await refusal(assertZipInflates(bomb, limits));
    expect(err).toMatchObject({ code: 'evidence.zip_bomb', details: { reason: 'too_large_uncompressed', entry: 'xl/media/part3.bin', inflated: true } });
  });

  it('when an entry holds fewer or more bytes than declared, within the limits, it is refused as malformed', async () => {
    for (const declaredSize of [3, 5_000]) {
      const zip = await makeOoxml('word/document.xml', [{ name: 'word/notes.xml', data: '<notes>整改</notes>', declaredSize }]);
      expect((await refusal(detectFileType(zip))).details.reason).toBe('malformed_zip');
    }
  });

  it('when a zip has more entries than allowed, it is refused by count', async () => {
    const many = await makeZip(Array.from({ length: 2001 }, (_, i) => ({ name: `f${i}.xml`, data: 'x' })));
    const err = await refusal(assertSafeZip(await onDisk('many.xlsx', many)));
    expect(err).toMatchObject({ code: 'evidence.zip_bomb', details: { reason: 'too_many_entries' } });
  });

  it('when a zip is within the limits, assertSafeZip lists its entries with their sizes', async () => {
    const summary = await assertSafeZip(await makeOoxml('xl/workbook.xml'), { maxEntries: 3 });
    expect(summary.entries.map((e) => e.name)).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml']);
    expect(summary.totalUncompressedBytes).toBe(summary.entries.reduce((sum, e) => sum + e.uncompressedSize, 0));
  });
});
