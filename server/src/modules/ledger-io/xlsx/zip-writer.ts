import type { Writable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * Writes to a stream and waits when it asks to (back-pressure all the way to the socket). A reader that goes
 * away (a download cancelled) ends the writing with an error instead of leaving it waiting for ever.
 */
export async function writeOut(output: Writable, chunk: Buffer) {
  if (output.destroyed) throw new Error('output closed');
  if (!output.write(chunk)) await drainOf(output);
}

/** Resolves when a stream that refused a write will take more; rejects if it closes first. */
function drainOf(output: Writable) {
  return new Promise<void>((resolve, reject) => {
    const drained = () => {
      output.off('close', closed);
      resolve();
    };
    const closed = () => {
      output.off('drain', drained);
      reject(new Error('output closed'));
    };
    output.once('drain', drained);
    output.once('close', closed);
  });
}

const dosTime = (d: Date) => (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2);
const dosDate = (d: Date) => ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/**
 * A zip archive written front to back onto a stream: each entry is deflated as its content is produced and
 * followed by a data descriptor, so nothing but the entry list is kept in memory. Sizes stay below 4 GiB
 * (no Zip64), which bounds a single export far above what anyone prints.
 */
export function createZipWriter(output: Writable) {
  const written: Written[] = [];
  let offset = 0;
  const stamp = new Date();

  async function raw(chunk: Buffer) {
    offset += chunk.length;
    await writeOut(output, chunk);
  }

  return {
    /** One entry; `produce` writes its content through `write`, which resolves once the data may flow on. */
    async entry(fileName: string, produce: (write: (text: string | Buffer) => Promise<void>) => Promise<void>) {
      const name = Buffer.from(fileName, 'utf8');
      const start = offset;
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(0x0808, 6); // sizes in a trailing descriptor; UTF-8 names
      header.writeUInt16LE(8, 8); // deflate
      header.writeUInt16LE(dosTime(stamp), 10);
      header.writeUInt16LE(dosDate(stamp), 12);
      header.writeUInt16LE(name.length, 26);
      await raw(Buffer.concat([header, name]));

      const deflate = createDeflateRaw({ level: 6 });
      let crc = 0;
      let size = 0;
      let compressed = 0;
      let failure: unknown = null;
      const drained = (async () => {
        for await (const chunk of deflate) {
          compressed += (chunk as Buffer).length;
          await raw(chunk as Buffer);
        }
      })().catch((err: unknown) => {
        failure = err;
        deflate.destroy();
      });
      try {
        await produce(async (text) => {
          if (failure) throw failure;
          const chunk = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
          crc = crc32(chunk, crc);
          size += chunk.length;
          if (!deflate.write(chunk)) await drainOf(deflate);
        });
      } catch (err) {
        deflate.destroy();
        await drained;
        throw failure ?? err;
      }
      deflate.end();
      await drained;
      if (failure) throw failure;

      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc >>> 0, 4);
      descriptor.writeUInt32LE(compressed, 8);
      descriptor.writeUInt32LE(size, 12);
      await raw(descriptor);
      written.push({ name, crc: crc >>> 0, compressed, size, offset: start });
    },

    /** The central directory; then the archive is complete and the stream is ended. */
    async finish() {
      const start = offset;
      for (const e of written) {
        const central = Buffer.alloc(46);
        central.writeUInt32LE(0x02014b50, 0);
        central.writeUInt16LE(20, 4);
        central.writeUInt16LE(20, 6);
        central.writeUInt16LE(0x0808, 8);
        central.writeUInt16LE(8, 10);
        central.writeUInt16LE(dosTime(stamp), 12);
        central.writeUInt16LE(dosDate(stamp), 14);
        central.writeUInt32LE(e.crc, 16);
        central.writeUInt32LE(e.compressed, 20);
        central.writeUInt32LE(e.size, 24);
        central.writeUInt16LE(e.name.length, 28);
        central.writeUInt32LE(e.offset, 42);
        await raw(Buffer.concat([central, e.name]));
      }
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(written.length, 8);
      end.writeUInt16LE(written.length, 10);
      end.writeUInt32LE(offset - start, 12);
      end.writeUInt32LE(start, 16);
      await raw(end);
      output.end();
    },
  };
}
