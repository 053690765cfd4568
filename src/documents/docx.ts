import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { DocBlock, DocumentModel } from '../app/documents/model';
import { typesetModel } from './typeset';

/** A4 in twentieths of a point, with the PDF's margins (56 pt). */
const PAGE = { width: 11906, height: 16838, margin: 1120 };
const LINE = PAGE.width - 2 * PAGE.margin;
const FONT = 'Arial';
const INK = '1A1A1A';
const MUTED = '555555';
const RULE = '9A9A9A';
/** Half-points, as Word counts font sizes (the PDF's 10.5, 9, 13, 11.5, 16 pt). */
const SIZE = { body: 21, small: 18, h1: 26, h2: 23, title: 32 };

const run = (text: string, o: { bold?: boolean; italics?: boolean; size?: number; color?: string } = {}) =>
  new TextRun({
    text,
    font: FONT,
    size: o.size ?? SIZE.body,
    color: o.color ?? INK,
    bold: !!o.bold,
    italics: !!o.italics,
  });

const para = (
  text: string,
  o: Parameters<typeof run>[1] & {
    align?: 'left' | 'right' | 'center' | 'justify';
    after?: number;
    indent?: number;
  } = {},
) =>
  new Paragraph({
    children: [run(text, o)],
    alignment: ALIGN[o.align ?? 'left'],
    spacing: { after: o.after ?? 120 },
    ...(o.indent ? { indent: { left: o.indent } } : {}),
  });

const ALIGN = {
  left: AlignmentType.LEFT,
  right: AlignmentType.RIGHT,
  center: AlignmentType.CENTER,
  justify: AlignmentType.JUSTIFIED,
} as const;

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const THIN = { style: BorderStyle.SINGLE, size: 4, color: RULE };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

/**
 * A document model as a Word file (DOCX), the same blocks as the PDF in the same order: the
 * issuer and title head it, the footer and « Page n / N » end each page. A letter can be
 * edited in Word before it is printed; the PDF is the document of record.
 */
export function renderDocx(given: DocumentModel): Promise<Buffer> {
  const m = typesetModel(given);
  const children: Array<Paragraph | Table> = [
    para(m.issuer.toUpperCase(), { bold: true, size: SIZE.small, color: MUTED, after: 160 }),
    para(m.title, { bold: true, size: SIZE.title, after: m.subtitle ? 40 : 120 }),
    ...(m.subtitle ? [para(m.subtitle, { color: MUTED })] : []),
    new Paragraph({ border: { bottom: THIN }, spacing: { after: 200 }, children: [] }),
  ];
  for (const block of m.blocks) children.push(...draw(block));
  const doc = new Document({
    creator: 'centrale-gouvernance-bot',
    title: given.title,
    description: given.subtitle ?? '',
    lastModifiedBy: 'centrale-gouvernance-bot',
    styles: { default: { document: { run: { font: FONT, size: SIZE.body }, paragraph: {} } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                children: [
                  run(`${m.footer} · Page `, { size: 15, color: MUTED }),
                  new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 15, color: MUTED }),
                  run(' / ', { size: 15, color: MUTED }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], font: FONT, size: 15, color: MUTED }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const cell = (paragraphs: Paragraph[], width: number, o: { shade?: boolean; borders?: boolean } = {}): TableCell =>
  new TableCell({
    children: paragraphs,
    width: { size: width, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
    ...(o.shade ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'ECECEC' } } : {}),
    borders: o.borders
      ? { top: NONE, left: NONE, right: NONE, bottom: THIN }
      : { top: NONE, bottom: NONE, left: NONE, right: NONE },
  });

function draw(block: DocBlock): Array<Paragraph | Table> {
  switch (block.kind) {
    case 'heading': {
      const size = block.level === 2 ? SIZE.h2 : SIZE.h1;
      return [
        new Paragraph({
          children: [run(block.text, { bold: true, size })],
          spacing: { before: block.level === 2 ? 120 : 240, after: 80 },
          keepNext: true,
        }),
      ];
    }
    case 'paragraph':
      return [
        para(block.text, {
          bold: !!block.bold,
          size: block.small ? SIZE.small : SIZE.body,
          color: block.small ? MUTED : INK,
          align: block.align ?? 'left',
        }),
      ];
    case 'list':
      return [
        ...block.items.map((item, n) =>
          para(`${block.numbered ? `${n + 1}.` : '•'}  ${item}`, { indent: 160, after: 60 }),
        ),
        new Paragraph({ spacing: { after: 60 }, children: [] }),
      ];
    case 'facts': {
      const label = Math.round(LINE * 0.32);
      return [
        new Table({
          layout: TableLayoutType.FIXED,
          width: { size: LINE, type: WidthType.DXA },
          columnWidths: [label, LINE - label],
          borders: NO_BORDERS,
          rows: block.rows.map(
            ([l, v]) =>
              new TableRow({
                children: [
                  cell([para(l, { bold: true, color: MUTED, after: 0 })], label),
                  cell([para(v || '—', { after: 0 })], LINE - label),
                ],
              }),
          ),
        }),
        new Paragraph({ spacing: { after: 120 }, children: [] }),
      ];
    }
    case 'table': {
      const shares = block.columns.map((c) => c.width ?? 1);
      const total = shares.reduce((a, b) => a + b, 0);
      const widths = shares.map((s) => Math.floor((s / total) * LINE));
      const line = (cells: string[], header: boolean) =>
        new TableRow({
          tableHeader: header,
          cantSplit: true,
          children: cells.map((c, i) =>
            cell(
              [
                para(c, {
                  size: SIZE.small,
                  bold: header,
                  after: 0,
                  align: block.columns[i]?.align ?? 'left',
                }),
              ],
              widths[i]!,
              { shade: header, borders: true },
            ),
          ),
        });
      return [
        new Table({
          layout: TableLayoutType.FIXED,
          width: { size: LINE, type: WidthType.DXA },
          columnWidths: widths,
          borders: NO_BORDERS,
          rows: [
            line(
              block.columns.map((c) => c.header),
              true,
            ),
            ...block.rows.map((r) => line(r, false)),
          ],
        }),
        new Paragraph({ spacing: { after: 160 }, children: [] }),
      ];
    }
    case 'signatures': {
      const per = Math.min(block.blocks.length, 2) || 1;
      const w = Math.floor(LINE / per);
      const rows: TableRow[] = [];
      for (let i = 0; i < block.blocks.length; i += per) {
        const some = block.blocks.slice(i, i + per);
        rows.push(
          new TableRow({
            cantSplit: true,
            height: { value: 1900, rule: 'atLeast' },
            children: some.map(
              (b) =>
                new TableCell({
                  width: { size: w, type: WidthType.DXA },
                  margins: { top: 100, bottom: 100, left: 120, right: 120 },
                  borders: { top: THIN, bottom: THIN, left: THIN, right: THIN },
                  children: [
                    para(b.role, { bold: true, size: SIZE.small, after: 20 }),
                    para(b.name || ' ', { size: SIZE.small, after: 900 }),
                    para('Signature :', { italics: true, size: SIZE.small, color: MUTED, after: 0 }),
                  ],
                }),
            ),
          }),
        );
      }
      return [
        new Table({
          layout: TableLayoutType.FIXED,
          width: { size: w * per, type: WidthType.DXA },
          columnWidths: Array.from({ length: per }, () => w),
          rows,
        }),
        new Paragraph({ spacing: { after: 160 }, children: [] }),
      ];
    }
    case 'image':
      // The editable copy says what the picture shows; the PDF is the one that carries it.
      return [
        new Paragraph({
          children: [run(`Graphique : ${block.alt}`, { italics: true, size: SIZE.small, color: MUTED })],
          spacing: { after: 160 },
        }),
      ];
    case 'address':
      return [
        ...block.lines.map((l, n) =>
          para(l, { indent: Math.round(LINE / 2), after: n === block.lines.length - 1 ? 240 : 0 }),
        ),
      ];
  }
}
