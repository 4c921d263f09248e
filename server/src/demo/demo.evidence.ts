import type { Storage } from '../lib/storage/storage.js';
import { makeThumbnail } from '../lib/files/thumbnail.js';

/** A file a demo clerk uploads as 整改佐证材料: a scanned record (PDF) or a photo of the work done (JPEG). */
export interface DemoEvidenceFile {
  name: string;
  kind: 'pdf' | 'photo';
  /** Printed on the file (ASCII: the PDF uses a standard font, the photo no font at all). */
  caption: string;
}

export interface StoredDemoEvidence {
  storageKey: string;
  thumbnailKey: string | null;
  fileName: string;
  mime: string;
  kind: 'pdf' | 'image';
  size: number;
  sha256: string;
}

const escapePdf = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);

/** A one-page PDF with a few lines of text, with a correct cross-reference table so every reader opens it. */
export function demoPdf(lines: string[]): Buffer {
  const text = lines.map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${780 - i * 24} Td (${escapePdf(line)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A small photo-like JPEG: a meeting room's wall, a notice board and a table, tinted by `seed` so each differs. */
export async function demoPhoto(seed: number): Promise<Buffer> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <defs><linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},25%,88%)"/><stop offset="1" stop-color="hsl(${hue},20%,70%)"/></linearGradient></defs>
    <rect width="640" height="480" fill="url(#wall)"/>
    <rect x="150" y="50" width="340" height="150" rx="6" fill="#b71c1c"/>
    <rect x="170" y="70" width="300" height="110" fill="#fff8e1"/>
    ${[0, 1, 2, 3].map((i) => `<rect x="190" y="${88 + i * 22}" width="${260 - ((seed + i) % 4) * 30}" height="8" fill="#8d6e63"/>`).join('')}
    <rect x="60" y="300" width="520" height="60" fill="hsl(${(hue + 30) % 360},35%,35%)"/>
    <rect x="80" y="360" width="20" height="110" fill="#4e342e"/><rect x="540" y="360" width="20" height="110" fill="#4e342e"/>
    ${[0, 1, 2, 3, 4].map((i) => `<circle cx="${120 + i * 100}" cy="270" r="26" fill="hsl(${(hue + i * 20) % 360},30%,45%)"/>`).join('')}
  </svg>`;
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
}

/** Stores a demo file (and a photo's thumbnail) through the same storage the uploads use. */
export async function storeDemoEvidence(storage: Storage, file: DemoEvidenceFile, seed: number): Promise<StoredDemoEvidence> {
  const content = file.kind === 'pdf' ? demoPdf([file.caption, 'Jiangchuan municipal organs working committee', `Record no. ${seed}`]) : await demoPhoto(seed);
  const maxBytes = 10 * 1024 * 1024;
  const stored = await storage.put({ source: content, maxBytes });
  const thumbnail = file.kind === 'photo' ? await makeThumbnail(content) : null;
  const thumb = thumbnail ? await storage.put({ source: thumbnail, maxBytes }) : null;
  return {
    storageKey: stored.key,
    thumbnailKey: thumb?.key ?? null,
    fileName: file.name,
    mime: file.kind === 'pdf' ? 'application/pdf' : 'image/jpeg',
    kind: file.kind === 'pdf' ? 'pdf' : 'image',
    size: stored.size,
    sha256: stored.sha256,
  };
}
