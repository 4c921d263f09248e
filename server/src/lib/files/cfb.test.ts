import { describe, expect, it } from 'vitest';
import { readCfbNames } from './cfb.js';
import { makeCfb, makeCfbWithDirectoryAtEnd } from './test-fixtures.js';

async function names(bytes: Buffer) {
  return readCfbNames(bytes);
}

describe('readCfbNames', () => {
  it("when the directory's FAT sector is listed in a DIFAT sector, it still finds the streams", async () => {
    const file = makeCfbWithDirectoryAtEnd();
    expect(file.readUInt32LE(0x48)).toBeGreaterThan(0);
    expect(await names(file)).toEqual({ all: ['Root Entry', 'WordDocument'], top: ['WordDocument'] });
  });

  it('when streams are nested in storages, only the root members are top-level', async () => {
    const { all, top } = await names(makeCfb({ '/Workbook': 'x', '/ObjectPool/_1/WordDocument': 'y' }));
    expect(all).toEqual(expect.arrayContaining(['Workbook', 'ObjectPool', '_1', 'WordDocument']));
    expect(top).toContain('Workbook');
    expect(top).not.toContain('WordDocument');
  });

  it('when the directory chain loops back on itself, reading ends instead of hanging', async () => {
    const { top } = await names(makeCfbWithDirectoryAtEnd({ dataSectors: 200, loop: true }));
    expect(top).toEqual(['WordDocument']);
  });

  it('when the header or the file is cut short, it is refused', async () => {
    const file = makeCfbWithDirectoryAtEnd({ dataSectors: 200 });
    await expect(names(file.subarray(0, 300))).rejects.toMatchObject({ code: 'evidence.type_not_allowed', details: { reason: 'malformed_cfb_unreadable' } });
    await expect(names(file.subarray(0, file.length - 512))).rejects.toMatchObject({ details: { reason: 'malformed_cfb_unreadable' } });
    await expect(names(Buffer.from('not an OLE file at all'))).rejects.toMatchObject({ details: { reason: 'malformed_cfb_header' } });
  });

  it('when the sector size is not 512 or 4096, it is refused', async () => {
    const file = makeCfbWithDirectoryAtEnd({ dataSectors: 10 });
    file.writeUInt16LE(20, 0x1e);
    await expect(names(file)).rejects.toMatchObject({ details: { reason: 'malformed_cfb_unreadable' } });
  });
});
