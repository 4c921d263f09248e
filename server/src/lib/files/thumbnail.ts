import { fileTypeFromBuffer } from 'file-type';
import { readHead, type FileInput } from './source.js';

export const thumbnailMime = 'image/webp';
const maxSide = 320;
/** 100 megapixels: more than any phone camera, far less than a decompression bomb's 20,000 × 20,000. */
const maxInputPixels = 100_000_000;

/**
 * Only formats the evidence allow-list accepts reach libvips: it would also render SVG or PDF-like inputs,
 * which are refused elsewhere and have no business being decoded here.
 */
const thumbnailable = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/heic', 'image/heif']);

/**
 * A WebP no larger than 320 × 320, upright (EXIF orientation applied) and without metadata, so a photo's GPS
 * position does not travel with its thumbnail. Resolves to null when the input is not an image or cannot be
 * decoded: sharp's prebuilt libvips reads HEIF/AVIF but has no HEVC decoder, so iPhone HEIC photos get none.
 */
export async function makeThumbnail(input: FileInput, { onError }: { onError?: (err: unknown) => void } = {}): Promise<Buffer | null> {
  const type = await fileTypeFromBuffer(await readHead(input, 4100));
  if (!type || !thumbnailable.has(type.mime)) return null;
  // libvips costs some 20 MB resident once loaded; a server that never sees a photo does without it.
  const { default: sharp } = await import('sharp');
  try {
    // A GIF or animated WebP yields its first frame (sharp reads one page by default).
    return await sharp(typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength), {
      limitInputPixels: maxInputPixels,
      failOn: 'error',
    })
      .autoOrient()
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .timeout({ seconds: 15 })
      .toBuffer();
  } catch (err) {
    // A missing thumbnail must not fail an upload whose file was accepted.
    onError?.(err);
    return null;
  }
}
