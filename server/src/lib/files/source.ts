import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** The whole content in memory, or the path of a local file (e.g. the temp file `Storage.put` hands its check). */
export type FileInput = Uint8Array | string;

/** Reads at arbitrary offsets: zip and OLE containers keep their directories at the end or scattered. */
export interface RandomAccess {
  size: number;
  /** Fewer bytes than asked for means the end of the file was reached. */
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openRandomAccess(input: FileInput): Promise<RandomAccess> {
  if (typeof input !== 'string') {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    return {
      size: bytes.length,
      read: async (position, length) => bytes.subarray(position, position + length),
      close: async () => undefined,
    };
  }
  const handle = await open(input, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(position, length) {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

export async function readHead(input: FileInput, length: number): Promise<Buffer> {
  const source = await openRandomAccess(input);
  try {
    return Buffer.from(await source.read(0, length));
  } finally {
    await source.close();
  }
}

export async function* readChunks(input: FileInput): AsyncIterable<Uint8Array> {
  if (typeof input === 'string') yield* createReadStream(input, { highWaterMark: 64 * 1024 });
  else yield input;
}
