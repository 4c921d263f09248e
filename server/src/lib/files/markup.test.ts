import { describe, expect, it } from 'vitest';
import { createMarkupScanner, findEmbeddedMarkup } from './markup.js';

/** Feeds the text in chunks of `size` characters, as a file read in pieces would arrive. */
function scanText(text: string, { binary = false, size = 7 }: { binary?: boolean; size?: number } = {}) {
  const scanner = createMarkupScanner({ binary });
  for (let at = 0; at < text.length; at += size) {
    const found = scanner.push(text.slice(at, at + size));
    if (found) return found;
  }
  return undefined;
}

/** Bytes from a fixed seed (xorshift32): the same "compressed data" on every run. */
function noise(length: number, seed = 0x2545f491): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

async function* chunksOf(bytes: Buffer, size = 64 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('markup in text', () => {
  it.each([
    ['an event handler on an element no list names', 'event_handler', '<details open ontoggle=alert(1)>'],
    ['an event handler after a slash', 'event_handler', '<x/onclick="alert(1)">'],
    ['an event handler in upper case, spaced around =', 'event_handler', '<P ONMOUSEOVER = "alert(1)">'],
    ['an event handler behind a tag name of 200,000 characters', 'event_handler', `<x${'a'.repeat(200_000)} onfocus=alert(1) autofocus>`],
    ['an event handler on the third line of the tag', 'event_handler', '<x\n  hidden\n  onpointerenter=alert(1)>'],
    ['any attribute with a value', 'markup', 'see <p class="note">here</p>'],
    ['a script tag', 'markup', 'notes\n<script>alert(1)</script>'],
    ['an SVG', 'markup', 'x <svg><circle/></svg>'],
    ['a doctype', 'markup', '<!DOCTYPE html>'],
    ['a processing instruction', 'markup', 'a <?php echo 1; ?>'],
    ['a javascript: URL', 'script_url', 'click javascript:alert(1)'],
    ['a javascript: URL with a tab and a line break inside', 'script_url', 'java\tscr\nipt:alert(1)'],
    ['a vbscript: URL', 'script_url', 'VBScript:msgbox'],
  ])('when the text holds %s, it is found as %s', (_what, reason, text) => {
    expect(scanText(text)).toBe(reason);
    expect(scanText(text, { size: 64 * 1024 })).toBe(reason);
  });

  it.each([
    ['comparisons', '完成率 < 80% 的单位 3 个，> 95% 的 5 个；x<5 and y>2'],
    ['words that start with "on" next to an equals sign', 'online = 12\nonsite=yes\ncondition=ok'],
    ['a less-than sign before a word, without an attribute', 'if a <b then c'],
    ['CSV rows', '编号,问题\n1,"<5 处"\n2,javascript 培训\n'],
  ])('when the text holds %s, nothing is found', (_what, text) => {
    expect(scanText(text)).toBeUndefined();
  });
});

describe('markup in binary files', () => {
  it.each([
    ['a script tag', 'markup', '<script>alert(1)</script>'],
    ['an SVG with onload', 'markup', '<svg onload=alert(1)>'],
    ['an event handler on any element', 'event_handler', '<x onclick=alert(1)>'],
    ['an event handler behind a quoted value holding non-text bytes', 'event_handler', `<x title="\u0001\u00ff${'a'.repeat(3000)}" onmouseover=alert(1)>`],
    ['a PDF link to a javascript: URL', 'script_url', '<</S/URI/URI(javascript:alert(1))>>'],
  ])('when noise carries %s, it is found as %s', async (_what, reason, embedded) => {
    const bytes = Buffer.concat([noise(300_000), Buffer.from(embedded, 'latin1'), noise(300_000, 7)]);
    expect(await findEmbeddedMarkup(chunksOf(bytes))).toBe(reason);
  });

  it('when a tag straddles two chunks, it is still found', async () => {
    const bytes = Buffer.concat([noise(65_530), Buffer.from('<svg onload=alert(1)>', 'latin1')]);
    expect(await findEmbeddedMarkup(chunksOf(bytes))).toBe('markup');
  });

  it.each([
    ['XMP metadata', '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core"><rdf:RDF><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"/></rdf:RDF></x:xmpmeta>'],
    ['PDF dictionaries and hex strings', '<</Type/Page/Contents 4 0 R>> <FEFF004100420043> <48656c6c6f 20>'],
    ['attributes that are not handlers', '<x:meta about="a" rdf:resource="b">'],
  ])('when a binary file holds %s, nothing is found', async (_what, text) => {
    expect(await findEmbeddedMarkup(chunksOf(Buffer.from(text, 'latin1')))).toBeUndefined();
  });

  it('when 32 MB of compressed-looking bytes hold no markup, nothing is found', async () => {
    expect(await findEmbeddedMarkup(chunksOf(noise(32 << 20)))).toBeUndefined();
  });
});
