import PDFDocument from 'pdfkit';
import { DocBlock, DocumentModel } from '../app/documents/model';
import { FONT_FILES } from './fonts';
import { typesetModel } from './typeset';

type Doc = PDFKit.PDFDocument;

const PAGE = { size: 'A4' as const, margin: 56 };
const FOOTER_ROOM = 28;
const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#9a9a9a';
const SIZE = { body: 10.5, small: 9, h1: 13, h2: 11.5, title: 16 };

/**
 * A document model as a PDF (A4, DejaVu Sans embedded and subset, so « » œ É · and every French
 * character print). The issuer and title head the first page; each page ends with the footer and
 * « Page n / N ». Tables carry their header onto each page they run over; a row is never split.
 */
export function renderPdf(given: DocumentModel): Promise<Buffer> {
  const model = typesetModel(given);
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin + FOOTER_ROOM },
    bufferPages: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: given.title,
      Author: given.issuer,
      Creator: 'centrale-gouvernance-bot',
      Producer: 'centrale-gouvernance-bot (pdfkit)',
      CreationDate: model.generatedAt,
      ModDate: model.generatedAt,
    },
  });
  doc.registerFont('regular', FONT_FILES.regular);
  doc.registerFont('bold', FONT_FILES.bold);
  doc.registerFont('italic', FONT_FILES.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  head(doc, model);
  for (const block of model.blocks) draw(doc, block);
  foot(doc, model.footer);
  doc.end();
  return done;
}

const width = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;
const left = (doc: Doc) => doc.page.margins.left;

/** A new page when `needed` points do not fit above the footer. */
function room(doc: Doc, needed: number) {
  if (doc.y + needed > bottom(doc)) doc.addPage();
}

function head(doc: Doc, model: DocumentModel) {
  doc.font('bold').fontSize(SIZE.small).fillColor(MUTED).text(model.issuer.toUpperCase(), { characterSpacing: 0.5 });
  doc.moveDown(0.8);
  doc.font('bold').fontSize(SIZE.title).fillColor(INK).text(model.title);
  if (model.subtitle) doc.font('regular').fontSize(SIZE.body).fillColor(MUTED).text(model.subtitle);
  doc.moveDown(0.4);
  hr(doc);
  doc.moveDown(0.6);
  doc.fillColor(INK);
}

function hr(doc: Doc) {
  doc
    .moveTo(left(doc), doc.y)
    .lineTo(left(doc) + width(doc), doc.y)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
}

function draw(doc: Doc, block: DocBlock) {
  doc.x = left(doc);
  switch (block.kind) {
    case 'heading': {
      const size = block.level === 2 ? SIZE.h2 : SIZE.h1;
      room(doc, size * 4);
      doc.moveDown(block.level === 2 ? 0.4 : 0.8);
      doc.font('bold').fontSize(size).fillColor(INK).text(block.text);
      doc.moveDown(0.3);
      return;
    }
    case 'paragraph':
      doc
        .font(block.bold ? 'bold' : 'regular')
        .fontSize(block.small ? SIZE.small : SIZE.body)
        .fillColor(block.small ? MUTED : INK)
        .text(block.text, { align: block.align ?? 'left', lineGap: 1.5 });
      doc.fillColor(INK).moveDown(0.5);
      return;
    case 'list':
      doc.font('regular').fontSize(SIZE.body).fillColor(INK);
      block.items.forEach((item, n) => {
        room(doc, SIZE.body * 2);
        doc.text(`${block.numbered ? `${n + 1}.` : '•'}  ${item}`, left(doc) + 8, doc.y, {
          width: width(doc) - 8,
          indent: 0,
          lineGap: 1.5,
        });
        doc.moveDown(0.2);
      });
      doc.x = left(doc);
      doc.moveDown(0.4);
      return;
    case 'facts':
      return facts(doc, block.rows);
    case 'table':
      return table(doc, block);
    case 'signatures':
      return signatures(doc, block.blocks);
    case 'image':
      return image(doc, block);
    case 'address':
      doc.font('regular').fontSize(SIZE.body).fillColor(INK);
      room(doc, block.lines.length * SIZE.body * 1.5);
      for (const line of block.lines) doc.text(line, left(doc) + width(doc) * 0.5, doc.y, { width: width(doc) * 0.5 });
      doc.x = left(doc);
      doc.moveDown(1);
      return;
  }
}

/**
 * A PNG at `width` points (the line's at most), its height from its own proportions, on the page
 * where it fits whole; its caption under it. pdfkit embeds the picture once, as an image XObject.
 */
function image(doc: Doc, block: Extract<DocBlock, { kind: 'image' }>) {
  const w = Math.min(block.width, width(doc));
  const png = block.png;
  // The PNG's IHDR: width and height, big-endian, at bytes 16 and 20.
  const ratio = png.length > 24 && png.readUInt32BE(16) > 0 ? png.readUInt32BE(20) / png.readUInt32BE(16) : 0.5;
  const h = w * ratio;
  const captionH = block.caption
    ? doc.font('italic').fontSize(SIZE.small).heightOfString(block.caption, { width: w }) + 4
    : 0;
  room(doc, h + captionH + 8);
  const y = doc.y;
  doc.image(png, left(doc), y, { width: w, height: h });
  doc.y = y + h + 4;
  if (block.caption)
    doc.font('italic').fontSize(SIZE.small).fillColor(MUTED).text(block.caption, left(doc), doc.y, { width: w });
  doc.fillColor(INK);
  doc.x = left(doc);
  doc.moveDown(0.6);
}

function facts(doc: Doc, rows: Array<[string, string]>) {
  const labelWidth = width(doc) * 0.32;
  const valueWidth = width(doc) - labelWidth - 8;
  for (const [label, value] of rows) {
    doc.font('regular').fontSize(SIZE.body);
    const h = Math.max(
      doc.font('bold').heightOfString(label, { width: labelWidth }),
      doc.font('regular').heightOfString(value || '—', { width: valueWidth }),
    );
    room(doc, h + 4);
    const y = doc.y;
    doc.font('bold').fillColor(MUTED).text(label, left(doc), y, { width: labelWidth });
    doc
      .font('regular')
      .fillColor(INK)
      .text(value || '—', left(doc) + labelWidth + 8, y, { width: valueWidth });
    doc.y = y + h + 4;
  }
  doc.x = left(doc);
  doc.moveDown(0.4);
}

function table(doc: Doc, block: Extract<DocBlock, { kind: 'table' }>) {
  const shares = block.columns.map((c) => c.width ?? 1);
  const total = shares.reduce((a, b) => a + b, 0);
  const widths = shares.map((s) => (s / total) * width(doc));
  const pad = 3;
  const heightOf = (cells: string[], font: string) => {
    doc.font(font).fontSize(SIZE.small);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const row = (cells: string[], font: string, fill: string | null) => {
    const h = heightOf(cells, font);
    const y = doc.y;
    let x = left(doc);
    if (fill) doc.rect(x, y, width(doc), h).fill(fill);
    doc.font(font).fontSize(SIZE.small).fillColor(INK);
    cells.forEach((c, i) => {
      doc.text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: block.columns[i]?.align ?? 'left' });
      x += widths[i]!;
    });
    doc
      .moveTo(left(doc), y + h)
      .lineTo(left(doc) + width(doc), y + h)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + h;
  };
  const header = block.columns.map((c) => c.header);
  room(doc, heightOf(header, 'bold') + heightOf(block.rows[0] ?? [''], 'regular'));
  row(header, 'bold', '#ececec');
  for (const cells of block.rows) {
    const h = heightOf(cells, 'regular');
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      row(header, 'bold', '#ececec');
    }
    row(cells, 'regular', null);
  }
  doc.x = left(doc);
  doc.moveDown(0.8);
}

function signatures(doc: Doc, blocks: Array<{ role: string; name: string }>) {
  const perLine = Math.min(blocks.length, 2) || 1;
  const gap = 16;
  // Two signatures share the line; a letter's single one sits on the right half, as in French letters.
  const w = (width(doc) - gap) / 2;
  const offset = blocks.length === 1 ? w + gap : 0;
  const h = 96;
  for (let i = 0; i < blocks.length; i += perLine) {
    room(doc, h + 8);
    const y = doc.y;
    blocks.slice(i, i + perLine).forEach((b, n) => {
      const x = left(doc) + offset + n * (w + gap);
      doc.rect(x, y, w, h).lineWidth(0.6).strokeColor(RULE).stroke();
      doc
        .font('bold')
        .fontSize(SIZE.small)
        .fillColor(INK)
        .text(b.role, x + 6, y + 6, { width: w - 12 });
      doc.font('regular').text(b.name || ' ', x + 6, doc.y + 1, { width: w - 12 });
      doc
        .font('italic')
        .fillColor(MUTED)
        .text('Signature :', x + 6, y + h - 18, { width: w - 12 });
    });
    doc.y = y + h + 10;
  }
  doc.x = left(doc);
  doc.fillColor(INK);
}

/** The footer and page number on every page, written once all pages exist. */
function foot(doc: Doc, footer: string) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - PAGE.margin - FOOTER_ROOM + 10;
    const keep = doc.page.margins.bottom;
    // Writing below the bottom margin would open a page of its own.
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7.5).fillColor(MUTED);
    doc.text(footer, left(doc), y, { width: width(doc) - 70, lineBreak: true, height: 24, ellipsis: true });
    doc.text(`Page ${i - range.start + 1} / ${range.count}`, left(doc) + width(doc) - 70, y, {
      width: 70,
      align: 'right',
    });
    doc.page.margins.bottom = keep;
  }
}
