import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heicHeader, makeOoxml, minimalPdf } from './test-fixtures.js';
import { makeThumbnail } from './thumbnail.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rectify-thumb-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function canvas(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: '#2a6' } });
}

/** A PNG whose header claims the given size, with one row of pixel data: what a decompression bomb announces. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const frame = Buffer.alloc(8 + data.length + 4);
    frame.writeUInt32BE(data.length, 0);
    body.copy(frame, 4);
    frame.writeUInt32BE(crc32(body), 8 + data.length);
    return frame;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1 + width * 3))), chunk('IEND', Buffer.alloc(0))]);
}

describe('makeThumbnail', () => {
  it('when the image is large, it returns a WebP whose longer side is 320', async () => {
    const thumb = await makeThumbnail(await canvas(1600, 800).png().toBuffer());
    expect(thumb).not.toBeNull();
    expect(await sharp(thumb!).metadata()).toMatchObject({ format: 'webp', width: 320, height: 160 });
  });

  it('when the image is already small, it is not enlarged', async () => {
    const thumb = await makeThumbnail(await canvas(100, 50).gif().toBuffer());
    expect(await sharp(thumb!).metadata()).toMatchObject({ format: 'webp', width: 100, height: 50 });
  });

  it('when a photo was taken sideways, the thumbnail is upright and carries no EXIF', async () => {
    const photo = await canvas(400, 200).jpeg().withExif({ IFD0: { Make: 'Phone' } }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const thumb = await makeThumbnail(await writeTo('photo.jpg', photo));
    const meta = await sharp(thumb!).metadata();
    expect(meta).toMatchObject({ width: 160, height: 320 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it('when the input is a WebP on disk, it is read from the path', async () => {
    const thumb = await makeThumbnail(await writeTo('a.webp', await canvas(640, 640).webp().toBuffer()));
    expect(await sharp(thumb!).metadata()).toMatchObject({ width: 320, height: 320 });
  });

  it.each([
    ['a PDF', () => Buffer.from(minimalPdf)],
    ['text', () => Buffer.from('整改说明')],
    ['a docx', () => makeOoxml('word/document.xml')],
    ['an SVG, which libvips could render', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')],
  ])('when the input is %s, it returns null', async (_what, make) => {
    expect(await makeThumbnail(await make())).toBeNull();
  });

  it('when an image announces more pixels than allowed, it returns null without decoding and reports why', async () => {
    const errors: unknown[] = [];
    expect(await makeThumbnail(pngHeaderOnly(30_000, 30_000), { onError: (err) => errors.push(err) })).toBeNull();
    expect(String(errors[0])).toMatch(/pixel limit/i);
  });

  it('when a HEIC cannot be decoded by this build, it returns null instead of failing the upload', async () => {
    expect(await makeThumbnail(heicHeader())).toBeNull();
  });
});

async function writeTo(name: string, content: Buffer) {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}
