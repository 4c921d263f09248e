/** Files the tests build from scratch, so nothing binary is checked in. */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import CFB from 'cfb';

export interface ZipEntrySpec {
  name: string;
  data?: Uint8Array | string;
  /** Stream this many zero bytes instead of `data`, without holding them in memory. */
  zeros?: number;
  /** Lie in the headers about the uncompressed size. */
  declaredSize?: number;
}

/** A plain deflate zip written by hand, so tests can also make broken and lying ones. */
export async function makeZip(entries: ZipEntrySpec[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const { compressed, crc, size } = spec.zeros === undefined ? deflateBytes(spec.data ?? '') : await deflateZeros(spec.zeros);
    const name = Buffer.from(spec.name, 'utf8');
    const declared = spec.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeCommon(local, 4, { crc, compressed: compressed.length, declared, nameLength: name.length });
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    writeCommon(central, 6, { crc, compressed: compressed.length, declared, nameLength: name.length });
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The fields local and central headers share, from "version needed" to "extra field length". */
function writeCommon(header: Buffer, at: number, f: { crc: number; compressed: number; declared: number; nameLength: number }) {
  header.writeUInt16LE(20, at); // version needed
  header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
  header.writeUInt16LE(8, at + 4); // deflate
  header.writeUInt16LE(0x21, at + 8); // 1980-01-01
  header.writeUInt32LE(f.crc, at + 10);
  header.writeUInt32LE(f.compressed, at + 14);
  header.writeUInt32LE(f.declared, at + 18);
  header.writeUInt16LE(f.nameLength, at + 22);
}

function deflateBytes(data: Uint8Array | string) {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return { compressed: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
}

async function deflateZeros(size: number) {
  const chunk = Buffer.alloc(1 << 20);
  let crc = 0;
  async function* zeros() {
    for (let left = size; left > 0; left -= chunk.length) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
      crc = crc32(part, crc);
      yield part;
    }
  }
  const compressed = await buffer(Readable.from(zeros()).pipe(createDeflateRaw({ level: 9 })));
  return { compressed, crc, size };
}

const contentTypes = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A minimal OOXML package: enough entries for detection, not for Office to open. */
export function makeOoxml(mainPart: string, extra: ZipEntrySpec[] = []): Promise<Buffer> {
  return makeZip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: '<Relationships/>' },
    { name: mainPart, data: '<document/>' },
    ...extra,
  ]);
}

/** An OLE compound file holding the given streams (paths like `/WordDocument` or `/ObjectPool/_1/WordDocument`). */
export function makeCfb(streams: Record<string, Uint8Array | string>): Buffer {
  const container = CFB.utils.cfb_new();
  for (const [name, content] of Object.entries(streams)) {
    CFB.utils.cfb_add(container, name, typeof content === 'string' ? Buffer.from(content) : Buffer.from(content));
  }
  return CFB.write(container, { type: 'buffer' }) as Buffer;
}

/** A PNG with a `tEXt` chunk inserted before its end: how a picture carries a page (a polyglot). */
export function pngWithText(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
  const type = Buffer.from('tEXt', 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  type.copy(chunk, 4);
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(Buffer.concat([type, data])) >>> 0, 8 + data.length);
  const end = png.length - 12;
  return Buffer.concat([png.subarray(0, end), chunk, png.subarray(end)]);
}

export const minimalPdf = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/** The start of a HEIC file: an ISO-BMFF `ftyp` box with the `heic` brand, then filler. */
export function heicHeader(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(200)]);
}

/**
 * A Word-shaped OLE file laid out the way Word often writes big documents: data first, directory last. With
 * 16,000 data sectors the FAT needs more than the 109 sectors the header can list, so finding the directory's
 * FAT entry goes through a DIFAT sector. `loop` makes the directory sector's FAT entry point to itself.
 */
export function makeCfbWithDirectoryAtEnd({ dataSectors = 16_000, loop = false } = {}): Buffer {
  const sectorSize = 512;
  const perSector = sectorSize / 4;
  let fatSectors = 0;
  let difatSectors = 0;
  // Grow the FAT and DIFAT until they can describe every sector, themselves included.
  for (;;) {
    const total = dataSectors + fatSectors + difatSectors + 1;
    const needFat = Math.ceil(total / perSector);
    const needDifat = Math.max(0, Math.ceil((needFat - 109) / (perSector - 1)));
    if (needFat === fatSectors && needDifat === difatSectors) break;
    [fatSectors, difatSectors] = [needFat, needDifat];
  }
  const firstFat = dataSectors;
  const firstDifat = firstFat + fatSectors;
  const directory = firstDifat + difatSectors;
  const total = directory + 1;
  const file = Buffer.alloc((total + 1) * sectorSize);
  const sector = (n: number) => file.subarray((n + 1) * sectorSize, (n + 2) * sectorSize);

  file.write('d0cf11e0a1b11ae1', 0, 'hex');
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(fatSectors, 0x2c);
  file.writeUInt32LE(directory, 0x30);
  file.writeUInt32LE(4096, 0x38);
  file.writeUInt32LE(0xfffffffe, 0x3c);
  file.writeUInt32LE(difatSectors ? firstDifat : 0xfffffffe, 0x44);
  file.writeUInt32LE(difatSectors, 0x48);
  for (let i = 0; i < 109; i++) file.writeUInt32LE(i < fatSectors ? firstFat + i : 0xffffffff, 0x4c + i * 4);

  const fat = (n: number, value: number) => sector(firstFat + Math.floor(n / perSector)).writeUInt32LE(value, (n % perSector) * 4);
  for (let n = 0; n < total; n++) fat(n, 0xffffffff);
  for (let n = 0; n < dataSectors; n++) fat(n, n === dataSectors - 1 ? 0xfffffffe : n + 1);
  for (let i = 0; i < fatSectors; i++) fat(firstFat + i, 0xfffffffd);
  for (let i = 0; i < difatSectors; i++) fat(firstDifat + i, 0xfffffffc);
  fat(directory, loop ? directory : 0xfffffffe);
  for (let i = 0; i < difatSectors; i++) {
    const next = i === difatSectors - 1 ? 0xfffffffe : firstDifat + i + 1;
    sector(firstDifat + i).fill(0xff, 0, sectorSize - 4).writeUInt32LE(next, sectorSize - 4);
  }
  for (let i = 109; i < fatSectors; i++) {
    const at = i - 109;
    sector(firstDifat + Math.floor(at / (perSector - 1))).writeUInt32LE(firstFat + i, (at % (perSector - 1)) * 4);
  }

  const dir = sector(directory);
  const entry = (index: number, name: string, type: number, child: number, start: number, size: number) => {
    const e = dir.subarray(index * 128, (index + 1) * 128);
    const written = e.write(name, 0, 'utf16le');
    e.writeUInt16LE(written + 2, 0x40);
    e[0x42] = type;
    e[0x43] = 1;
    e.writeUInt32LE(0xffffffff, 0x44);
    e.writeUInt32LE(0xffffffff, 0x48);
    e.writeUInt32LE(child, 0x4c);
    e.writeUInt32LE(start, 0x74);
    e.writeUInt32LE(size, 0x78);
  };
  entry(0, 'Root Entry', 5, 1, 0xfffffffe, 0);
  entry(1, 'WordDocument', 2, 0xffffffff, 0, dataSectors * sectorSize);
  return file;
}
