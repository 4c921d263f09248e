import {
  AlignmentType,
  BorderStyle,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
  type ISectionOptions,
} from 'docx';

/**
 * Building blocks for documents in the usual official layout (GB/T 9704 in spirit): A4, wide margins, a serif
 * body face (仿宋-like), bold sans headings, and plain ruled tables. Noto CJK stands in for the official faces,
 * which are not free to ship.
 */
export const fonts = { body: 'Noto Serif CJK SC', heading: 'Noto Sans CJK SC' };
const face = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

/** Font sizes in half-points: 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt. */
export const sizes = { title: 44, subtitle: 32, body: 32, small: 28, table: 21 };

export const red = 'C00000';

export const pageProperties: ISectionOptions['properties'] = {
  page: {
    size: { width: 11906, height: 16838 },
    margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 },
  },
};

export function run(text: string, options: Omit<IRunOptions, 'text'> & { heading?: boolean } = {}) {
  const { heading, ...rest } = options;
  return new TextRun({ text, font: face(heading ? fonts.heading : fonts.body), size: sizes.body, ...rest });
}

/** A body paragraph with the customary two-character first-line indent. */
export function bodyParagraph(children: TextRun[] | string, { indent = true, align }: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) {
  return new Paragraph({
    children: typeof children === 'string' ? [run(children)] : children,
    indent: indent ? { firstLine: 640 } : undefined,
    alignment: align ?? AlignmentType.JUSTIFIED,
    spacing: { line: 560, lineRule: 'exact' },
  });
}

export function heading(text: string, level: 1 | 2 = 1) {
  return new Paragraph({
    children: [run(text, { heading: true, bold: true, size: level === 1 ? sizes.body : sizes.small })],
    spacing: { before: 240, after: 120 },
    keepNext: true,
  });
}

export function centered(text: string, options: Omit<IRunOptions, 'text'> & { heading?: boolean } = {}, spacing = { before: 0, after: 0 }) {
  return new Paragraph({ children: [run(text, options)], alignment: AlignmentType.CENTER, spacing });
}

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder, insideHorizontal: cellBorder, insideVertical: cellBorder };

/**
 * A ruled table; widths are fractions of the text width, the header row repeats on every page. Rules and cell margins
 * are the table's, not each cell's: a cell's own properties cost the document library memory per cell while it builds
 * the file, and the table takes each cell's width from its column.
 */
export function table({ header, rows, widths, align = [] }: { header: string[]; rows: (string | number)[][]; widths: number[]; align?: ('left' | 'center' | 'right')[] }) {
  const total = 8845;
  const cell = (text: string | number, column: number, isHeader: boolean) =>
    new TableCell({
      verticalAlign: VerticalAlign.CENTER,
      shading: isHeader ? { fill: 'E7E6E6' } : undefined,
      children: [
        new Paragraph({
          alignment: isHeader || align[column] === 'center' ? AlignmentType.CENTER : align[column] === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [run(String(text), { size: sizes.table, bold: isHeader, heading: isHeader })],
        }),
      ],
    });
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths.map((w) => Math.round(total * w)),
    borders,
    margins: { top: 40, bottom: 40, left: 50, right: 50 },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
    ],
  });
}

/** 2026-06-15 → 2026年6月15日 */
export const chineseDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
