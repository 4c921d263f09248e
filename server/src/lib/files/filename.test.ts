import { describe, expect, it } from 'vitest';
import { contentDisposition, nameWithExtension, sanitizeFilename } from './filename.js';

/** Reads both parameters back the way a browser does. */
function parse(header: string) {
  const match = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(header);
  if (!match) throw new Error(`unexpected header: ${header}`);
  return { fallback: match[1], name: decodeURIComponent(match[2]) };
}

describe('sanitizeFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\张三\\整改报告.docx', '整改报告.docx'],
    ['/var/tmp/a.pdf', 'a.pdf'],
    ['dir/..\\..\\x.txt', 'x.txt'],
  ])('when the name %j carries a path, it keeps only the last part', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it.each([
    ['a\u0000b\r\n.pdf', 'ab.pdf'],
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['zero\u200bwidth.txt', 'zerowidth.txt'],
    ['lone\ud800surrogate.txt', 'lonesurrogate.txt'],
  ])('when the name %j has control or invisible characters, it drops them', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it.each([
    ['..', 'file'],
    ['...pdf', 'pdf'],
    ['a..b.pdf', 'a.b.pdf'],
    ['.htaccess', 'htaccess'],
    ['  整改  报告.pdf  ', '整改 报告.pdf'],
    ['report.pdf. . ', 'report.pdf'],
    ['', 'file'],
    ['   ', 'file'],
    ['/', 'file'],
    ['CON.txt', '_CON.txt'],
    ['a<b>c:d"e|f?g*.txt', 'a_b_c_d_e_f_g_.txt'],
  ])('when the name is %j, it becomes %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it('when the name is too long, it is cut to the limit in characters and keeps its extension', () => {
    const latin = sanitizeFilename(`${'a'.repeat(500)}.pdf`);
    expect(latin).toHaveLength(120);
    expect(latin.endsWith('aaa.pdf')).toBe(true);

    const chinese = sanitizeFilename(`${'整改'.repeat(200)}.docx`, { maxLength: 50 });
    expect(Array.from(chinese)).toHaveLength(50);
    expect(chinese.endsWith('.docx')).toBe(true);

    const emoji = sanitizeFilename(`${'😀'.repeat(200)}.png`, { maxLength: 21 });
    expect(emoji).toBe(`${'😀'.repeat(17)}.png`);
    expect(/\p{Cs}/u.test(emoji)).toBe(false);
  });

  it('when a long name has no usable extension, it is simply cut', () => {
    expect(sanitizeFilename('x'.repeat(300))).toHaveLength(120);
    expect(sanitizeFilename(`${'x'.repeat(300)}.${'y'.repeat(40)}`)).toHaveLength(120);
  });

  it('when a name is sanitized twice, the second pass changes nothing', () => {
    const names = ['../a..b .pdf', 'x\u202e.exe', `${'整'.repeat(300)}.pdf`, 'CON', ' . . ', 'a/b\\c.d.e'];
    for (const name of names) expect(sanitizeFilename(sanitizeFilename(name))).toBe(sanitizeFilename(name));
  });
});

describe('nameWithExtension', () => {
  it.each([
    ['notes.html', 'txt', 'notes.txt'],
    ['photo.HTML', 'png', 'photo.png'],
    ['scan.svg', 'pdf', 'scan.pdf'],
    ['报告.pdf.html', 'pdf', '报告.pdf.pdf'],
    ['报告.pdf', 'pdf', '报告.pdf'],
    ['IMG_0001.JPEG', 'jpg', 'IMG_0001.JPEG'],
    ['server.log', 'txt', 'server.log'],
    ['会议纪要2024.10', 'txt', '会议纪要2024.10.txt'],
    ['report.version-final', 'docx', 'report.version-final.docx'],
    ['readme', 'txt', 'readme.txt'],
    ['.html', 'txt', 'html.txt'],
    ['', 'pdf', 'file.pdf'],
    ['../../x.exe', 'doc', 'x.doc'],
  ])('when %j is detected as %s, it becomes %j', (name, ext, expected) => {
    expect(nameWithExtension(name, ext)).toBe(expected);
  });

  it('when the name is long, the detected extension still fits within the limit', () => {
    const name = nameWithExtension(`${'整'.repeat(300)}.html`, 'xlsx');
    expect(Array.from(name)).toHaveLength(120);
    expect(name.endsWith('整.xlsx')).toBe(true);
    expect(sanitizeFilename(name)).toBe(name);
  });
});

describe('contentDisposition', () => {
  it('when the name is Chinese, filename* decodes back to it exactly and filename is plain ASCII', () => {
    const header = contentDisposition('整改佐证材料（第一批）.pdf');
    const { fallback, name } = parse(header);
    expect(name).toBe('整改佐证材料（第一批）.pdf');
    expect(fallback).toBe('file.pdf');
  });

  it('when the name mixes ASCII and Chinese, the fallback keeps the ASCII part', () => {
    expect(parse(contentDisposition('2024年第3季度整改报告.xlsx'))).toEqual({ fallback: '2024_3_.xlsx', name: '2024年第3季度整改报告.xlsx' });
  });

  it("when the name has quotes, percent signs or characters outside RFC 8187's attr-char, both parameters stay well-formed", () => {
    const header = contentDisposition(`it's (100%) *done* "ok".txt`);
    expect(header).toContain(`filename*=UTF-8''it%27s%20%28100%25%29%20_done_%20_ok_.txt`);
    expect(parse(header)).toEqual({ fallback: `it's (100_) _done_ _ok_.txt`, name: `it's (100%) _done_ _ok_.txt` });
  });

  it('when the name carries a path or a line break, they do not reach the header', () => {
    const header = contentDisposition('../../x\r\nSet-Cookie: a=b.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(parse(header).name).toBe('xSet-Cookie_ a=b.pdf');
  });
});
