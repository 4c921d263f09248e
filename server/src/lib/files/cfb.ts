import { FileError } from './errors.js';
import type { RandomAccess } from './source.js';

/**
 * Names of the storages and streams in an OLE compound file (MS-CFB), read by following the directory chain
 * through the FAT. DOC, XLS, MSI installers and Outlook messages share this container; only the stream names
 * tell them apart.
 */
const signature = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const endOfChain = 0xfffffffe;
const maxRegularSector = 0xfffffffa;
const headerDifatEntries = 109;
/** 1,024 directory sectors hold 4,096+ entries; Office files have a few dozen. */
const maxDirectorySectors = 1_024;

export function isCfb(head: Uint8Array): boolean {
  return head.length >= 8 && signature.equals(head.subarray(0, 8));
}

export interface CfbNames {
  /** Every storage and stream, at any depth (embedded objects included). */
  all: string[];
  /** The root storage's direct members: these say what the document is. */
  top: string[];
}

export async function readCfbNames(source: RandomAccess): Promise<CfbNames> {
  const header = await source.read(0, 512);
  if (header.length < 512 || !isCfb(header)) throw malformed('header');
  const sectorShift = header.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) throw malformed('sector_size');
  const sectorSize = 1 << sectorShift;
  const perSector = sectorSize / 4;
  const fatSectorCount = header.readUInt32LE(0x2c);
  const cache = new Map<number, Buffer>();

  async function readSector(sector: number): Promise<Buffer> {
    if (sector > maxRegularSector) throw malformed('sector_number');
    const cached = cache.get(sector);
    if (cached) return cached;
    const data = await source.read((sector + 1) * sectorSize, sectorSize);
    if (data.length < sectorSize) throw malformed('truncated');
    cache.set(sector, data);
    return data;
  }

  /** Where the i-th FAT sector lives: the first 109 are listed in the header, the rest in a chain of DIFAT sectors. */
  async function fatSectorAt(index: number): Promise<number> {
    if (index >= fatSectorCount) throw malformed('fat_index');
    if (index < headerDifatEntries) return header.readUInt32LE(0x4c + index * 4);
    let rest = index - headerDifatEntries;
    let difat = header.readUInt32LE(0x44);
    for (let hops = 0; rest >= perSector - 1; hops++) {
      if (hops > fatSectorCount) throw malformed('difat_loop');
      difat = (await readSector(difat)).readUInt32LE(sectorSize - 4);
      rest -= perSector - 1;
    }
    return (await readSector(difat)).readUInt32LE(rest * 4);
  }

  async function nextSector(sector: number): Promise<number> {
    const fat = await readSector(await fatSectorAt(Math.floor(sector / perSector)));
    return fat.readUInt32LE((sector % perSector) * 4);
  }

  // Directory entries are numbered by position in the chain; unused slots keep their number.
  const entries: Array<{ name: string; left: number; right: number; child: number } | undefined> = [];
  const seen = new Set<number>();
  for (let sector = header.readUInt32LE(0x30); sector !== endOfChain; sector = await nextSector(sector)) {
    if (seen.has(sector) || seen.size >= maxDirectorySectors) throw malformed('directory_chain');
    seen.add(sector);
    const data = await readSector(sector);
    for (let offset = 0; offset + 128 <= sectorSize; offset += 128) {
      const entry = data.subarray(offset, offset + 128);
      const nameBytes = entry.readUInt16LE(0x40);
      const type = entry[0x42];
      // 1 storage, 2 stream, 5 root; 0 marks an unused slot.
      const used = (type === 1 || type === 2 || type === 5) && nameBytes >= 2 && nameBytes <= 64 && nameBytes % 2 === 0;
      entries.push(
        used
          ? {
              name: entry.toString('utf16le', 0, nameBytes - 2),
              left: entry.readUInt32LE(0x44),
              right: entry.readUInt32LE(0x48),
              child: entry.readUInt32LE(0x4c),
            }
          : undefined,
      );
    }
  }
  const root = entries[0];
  if (!root) throw malformed('root');
  return { all: entries.flatMap((e) => (e ? [e.name] : [])), top: siblingsOf(entries, root.child) };
}

/** The members of one storage form a tree linked by left/right ids; walk it without trusting it to be acyclic. */
function siblingsOf(entries: Array<{ name: string; left: number; right: number } | undefined>, first: number): string[] {
  const names: string[] = [];
  const visited = new Set<number>();
  const pending = [first];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (id >= entries.length || visited.has(id)) continue;
    visited.add(id);
    const entry = entries[id];
    if (!entry) continue;
    names.push(entry.name);
    pending.push(entry.left, entry.right);
  }
  return names;
}

function malformed(reason: string) {
  return new FileError('evidence.type_not_allowed', { details: { reason: `malformed_cfb_${reason}` } });
}
