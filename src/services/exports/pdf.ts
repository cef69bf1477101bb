// A PDF document built from blocks, with pdfkit and its built-in standard fonts (Helvetica), so
// nothing depends on fonts installed on the server and no browser is needed
// (docs/decisions/008-exports.md). Generic: the school report uses it, and so can the equity and
// partnership pages.
//
// API:
//   const pdf = new PdfDocument({ title, author, subject?, footer, compress? })
//   pdf.heading(text, level = 1 | 2 | 3)
//   pdf.paragraph(text, { size?, color?, italic?, bold? })
//   pdf.keyValues([[label, value], …])              a two-column list (the cover block)
//   pdf.table(table: ExportTable, { widths?, size? })  header repeated on each new page;
//                                                    suppressed cells print "Suppressed (n<10)"
//   pdf.lineChart(chart: LineChart)                 vector axes, ticks, labels, lines, legend;
//                                                    a null point breaks the line
//   pdf.bullets([...]) · pdf.space(points) · pdf.ensureSpace(points)
//   await pdf.finish(): Buffer                      footer and "Page i of n" on every page
//   toPdfText(text)                                 text the standard fonts can draw
//   PDF_CONTENT_TYPE
//
// The standard fonts are encoded in Windows-1252 (WinAnsi; PDF 32000-1:2008 Annex D), which has
// accented Latin letters, en and em dashes and curly quotes; anything else is transliterated
// (ā → a, ≥ → >=) rather than drawn as a wrong glyph.
import PDFKit from 'pdfkit';
import { cellText, isSuppressed, type ExportColumn, type ExportTable } from './table.ts';

export const PDF_CONTENT_TYPE = 'application/pdf';

/** Unicode code points Windows-1252 maps 0x80–0x9F to (the rest of 0x20–0xFF is Latin-1). */
const CP1252_EXTRA = new Set(
  '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.split('').map((c) => c.codePointAt(0) ?? 0),
);
const REPLACEMENTS: Record<string, string> = {
  // Letters with a stroke do not decompose in Unicode.
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  '≥': '>=',
  '≤': '<=',
  '−': '-',
  '≈': '~',
  '→': '->',
  '←': '<-',
  '√': '·sqrt',
  σ: 's',
  '̂': '',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};

function isWinAnsi(code: number): boolean {
  return (
    code === 10 ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    CP1252_EXTRA.has(code)
  );
}

/** Text the standard fonts can draw: WinAnsi kept, other letters transliterated, the rest '?'. */
export function toPdfText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (isWinAnsi(code)) {
      out += ch;
      continue;
    }
    const replacement = REPLACEMENTS[ch];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    // Decompose (ő → o + ˝) and keep what the font has; the accent goes if it has no glyph.
    const decomposed = ch.normalize('NFKD');
    const kept = [...decomposed].filter((c) => isWinAnsi(c.codePointAt(0) ?? 0)).join('');
    const composed = decomposed.normalize('NFC');
    out +=
      isWinAnsi(composed.codePointAt(0) ?? 0) && composed.length === 1 ? composed : kept || '?';
  }
  return out;
}

export interface LineSeries {
  label: string;
  /** null: no figure that year (missing or suppressed); the line breaks there. */
  points: Array<{ x: number; y: number | null }>;
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** Format for x tick labels (e.g. 2019 → "2018–19"). */
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
  /** Force the y axis to include these values (e.g. 0 and 100 for a percentage). */
  yInclude?: number[];
  /** A sentence under the chart: the text alternative and the source. */
  caption?: string;
}

export interface PdfOptions {
  title: string;
  author: string;
  subject?: string;
  /** Printed at the foot of every page beside the page number. */
  footer: string;
  /** Deflate page contents (default true); tests turn it off to read the text back. */
  compress?: boolean;
}

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#b8c2cc';
// Colour-blind-safe (Okabe–Ito) and told apart by dash pattern too, for grey-scale printing.
const SERIES_STYLES = [
  { color: '#0072B2', dash: null },
  { color: '#D55E00', dash: [4, 2] },
  { color: '#009E73', dash: [1, 2] },
  { color: '#CC79A7', dash: [6, 2, 1, 2] },
] as const;

/** "Nice" tick values covering [min, max] (Heckbert, "Nice numbers for graph labels", 1990). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return niceTicks(min - pad, max + pad, count);
  }
  const nice = (x: number, round: boolean) => {
    const exp = Math.floor(Math.log10(x));
    const f = x / 10 ** exp;
    const nf = round
      ? f < 1.5
        ? 1
        : f < 3
          ? 2
          : f < 7
            ? 5
            : 10
      : f <= 1
        ? 1
        : f <= 2
          ? 2
          : f <= 5
            ? 5
            : 10;
    return nf * 10 ** exp;
  };
  const range = nice(max - min, false);
  const step = nice(range / (count - 1), true);
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

export class PdfDocument {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly footer: string;

  constructor(options: PdfOptions) {
    this.footer = toPdfText(options.footer);
    this.doc = new PDFKit({
      size: 'LETTER',
      margins: { top: 54, bottom: 60, left: 54, right: 54 },
      bufferPages: true,
      compress: options.compress ?? true,
      info: {
        Title: toPdfText(options.title),
        Author: toPdfText(options.author),
        Subject: toPdfText(options.subject ?? options.title),
        Creator: 'Tandem',
      },
      lang: 'en-US',
      displayTitle: true,
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font(FONT).fontSize(10).fillColor(INK);
  }

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get left(): number {
    return this.doc.page.margins.left;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `points` of height fit below the cursor. */
  ensureSpace(points: number): this {
    if (this.doc.y + points > this.bottom) this.doc.addPage();
    return this;
  }

  space(points = 8): this {
    this.doc.y += points;
    return this;
  }

  heading(text: string, level: 1 | 2 | 3 = 1): this {
    const size = level === 1 ? 20 : level === 2 ? 14 : 11.5;
    // Keep a heading with at least a few lines of what follows it.
    this.ensureSpace(size * 1.4 + 60);
    if (level > 1) this.space(level === 2 ? 10 : 6);
    this.doc
      .font(BOLD)
      .fontSize(size)
      .fillColor(INK)
      .text(toPdfText(text), this.left, this.doc.y, { width: this.width });
    if (level === 2) {
      const y = this.doc.y + 2;
      this.doc
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .lineWidth(0.75)
        .strokeColor(RULE)
        .stroke();
      this.doc.y = y + 6;
    } else {
      this.space(4);
    }
    this.doc.font(FONT).fontSize(10);
    return this;
  }

  paragraph(
    text: string,
    options: { size?: number; color?: string; italic?: boolean; bold?: boolean } = {},
  ): this {
    this.doc
      .font(options.bold ? BOLD : options.italic ? ITALIC : FONT)
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? INK)
      .text(toPdfText(text), this.left, this.doc.y, { width: this.width, lineGap: 1.5 });
    this.doc.font(FONT).fontSize(10).fillColor(INK);
    return this.space(4);
  }

  bullets(items: readonly string[], options: { size?: number; color?: string } = {}): this {
    const size = options.size ?? 9.5;
    for (const item of items) {
      this.ensureSpace(size * 2);
      const y = this.doc.y;
      this.doc
        .font(FONT)
        .fontSize(size)
        .fillColor(options.color ?? INK);
      this.doc.text('•', this.left, y, { width: 10 });
      this.doc.text(toPdfText(item), this.left + 12, y, { width: this.width - 12, lineGap: 1 });
      this.space(2);
    }
    this.doc.fillColor(INK);
    return this.space(2);
  }

  keyValues(pairs: ReadonlyArray<readonly [string, string]>, labelWidth = 130): this {
    for (const [label, value] of pairs) {
      const text = toPdfText(value);
      this.doc.font(FONT).fontSize(10);
      const height = this.doc.heightOfString(text, { width: this.width - labelWidth });
      this.ensureSpace(height + 4);
      const y = this.doc.y;
      this.doc
        .font(BOLD)
        .fillColor(MUTED)
        .text(toPdfText(label), this.left, y, { width: labelWidth - 8 });
      this.doc
        .font(FONT)
        .fillColor(INK)
        .text(text, this.left + labelWidth, y, { width: this.width - labelWidth });
      this.doc.y = Math.max(this.doc.y, y + height) + 3;
    }
    return this.space(4);
  }

  /** A table; `widths` are fractions of the text width (default: equal). */
  table(table: ExportTable, options: { widths?: number[]; size?: number } = {}): this {
    const size = options.size ?? 8.5;
    const cols = table.columns;
    const fractions = options.widths ?? cols.map(() => 1 / cols.length);
    const total = fractions.reduce((s, f) => s + f, 0);
    const widths = fractions.map((f) => (f / total) * this.width);
    const pad = 3;
    const numeric = (c: ExportColumn) => c.kind !== 'text' && c.kind !== 'flag';
    const rowHeight = (cells: string[], font: string) => {
      this.doc.font(font).fontSize(size);
      return (
        Math.max(
          ...cells.map((text, i) =>
            this.doc.heightOfString(text, { width: (widths[i] ?? 20) - 2 * pad }),
          ),
        ) +
        2 * pad
      );
    };
    const drawRow = (cells: string[], font: string, shade: boolean, align: boolean[]) => {
      const height = rowHeight(cells, font);
      const y = this.doc.y;
      if (shade) {
        this.doc.rect(this.left, y, this.width, height).fillColor('#eef2f6').fill();
      }
      let x = this.left;
      cells.forEach((text, i) => {
        const w = widths[i] ?? 20;
        this.doc
          .font(font)
          .fontSize(size)
          .fillColor(INK)
          .text(text, x + pad, y + pad, {
            width: w - 2 * pad,
            align: align[i] ? 'right' : 'left',
          });
        x += w;
      });
      this.doc
        .moveTo(this.left, y + height)
        .lineTo(this.left + this.width, y + height)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.doc.y = y + height;
    };
    const header = cols.map((c) => toPdfText(c.header));
    const headerAlign = cols.map(numeric);
    const drawHeader = () => drawRow(header, BOLD, true, headerAlign);
    this.ensureSpace(rowHeight(header, BOLD) + 3 * (size + 2 * pad));
    drawHeader();
    for (const row of table.rows) {
      const cells = cols.map((c, i) => {
        const cell = row[i] ?? null;
        return toPdfText(typeof cell === 'number' ? formatNumberCell(cell, c) : cellText(cell, c));
      });
      const align = cols.map((c, i) => numeric(c) || isSuppressed(row[i] ?? null));
      if (this.doc.y + rowHeight(cells, FONT) > this.bottom) {
        this.doc.addPage();
        drawHeader();
      }
      drawRow(cells, FONT, false, align);
    }
    this.doc.font(FONT).fontSize(10).fillColor(INK);
    return this.space(8);
  }

  lineChart(chart: LineChart, height = 170): this {
    const doc = this.doc;
    const formatX = chart.formatX ?? ((x: number) => String(x));
    const formatY = chart.formatY ?? ((y: number) => String(y));
    const titleHeight = 16;
    const captionHeight = chart.caption
      ? doc.font(FONT).fontSize(8.5).heightOfString(toPdfText(chart.caption), { width: this.width })
      : 0;
    this.ensureSpace(titleHeight + height + 34 + captionHeight);
    doc
      .font(BOLD)
      .fontSize(10.5)
      .fillColor(INK)
      .text(toPdfText(chart.title), this.left, doc.y, { width: this.width });
    doc.y += 4;

    const xs = [...new Set(chart.series.flatMap((s) => s.points.map((p) => p.x)))].sort(
      (a, b) => a - b,
    );
    const ys = chart.series.flatMap((s) =>
      s.points.map((p) => p.y).filter((y): y is number => y !== null),
    );
    const yTicks = niceTicks(
      Math.min(...ys, ...(chart.yInclude ?? [])),
      Math.max(...ys, ...(chart.yInclude ?? [])),
    );
    const top = doc.y;
    const plotLeft = this.left + 52;
    const plotRight = this.left + this.width - 120;
    const plotTop = top + 6;
    const plotBottom = top + height - 28;
    const yMin = yTicks[0] ?? 0;
    const yMax = yTicks.at(-1) ?? 1;
    const xMin = xs[0] ?? 0;
    const xMax = xs.at(-1) ?? 1;
    const px = (x: number) =>
      xMax === xMin
        ? (plotLeft + plotRight) / 2
        : plotLeft + ((x - xMin) / (xMax - xMin)) * (plotRight - plotLeft);
    const py = (y: number) =>
      yMax === yMin
        ? (plotTop + plotBottom) / 2
        : plotBottom - ((y - yMin) / (yMax - yMin)) * (plotBottom - plotTop);

    // Grid, y ticks and the y-axis label.
    doc.font(FONT).fontSize(7.5).fillColor(MUTED);
    for (const t of yTicks) {
      const y = py(t);
      doc.moveTo(plotLeft, y).lineTo(plotRight, y).lineWidth(0.3).strokeColor('#dde3e8').stroke();
      doc.text(toPdfText(formatY(t)), plotLeft - 40, y - 3.5, { width: 34, align: 'right' });
    }
    doc
      .save()
      .rotate(-90, { origin: [this.left + 6, (plotTop + plotBottom) / 2] })
      .fontSize(8)
      .text(toPdfText(chart.yLabel), this.left + 6 - 60, (plotTop + plotBottom) / 2 - 4, {
        width: 120,
        align: 'center',
      })
      .restore();
    // Axes, x ticks and the x-axis label.
    doc
      .moveTo(plotLeft, plotTop)
      .lineTo(plotLeft, plotBottom)
      .lineTo(plotRight, plotBottom)
      .lineWidth(0.75)
      .strokeColor('#666666')
      .stroke();
    for (const x of xs) {
      doc
        .moveTo(px(x), plotBottom)
        .lineTo(px(x), plotBottom + 3)
        .stroke();
      doc.text(toPdfText(formatX(x)), px(x) - 25, plotBottom + 5, { width: 50, align: 'center' });
    }
    doc.fontSize(8).text(toPdfText(chart.xLabel), plotLeft, plotBottom + 16, {
      width: plotRight - plotLeft,
      align: 'center',
    });

    // The lines: a path per unbroken run, a marker at every point.
    chart.series.forEach((series, i) => {
      const style = SERIES_STYLES[i % SERIES_STYLES.length] ?? SERIES_STYLES[0];
      const points = [...series.points].sort((a, b) => a.x - b.x);
      doc.lineWidth(1.6).strokeColor(style.color).fillColor(style.color);
      if (style.dash) doc.dash(style.dash[0], { space: style.dash[1] });
      let drawing = false;
      for (const p of points) {
        if (p.y === null) {
          if (drawing) doc.stroke();
          drawing = false;
          continue;
        }
        if (drawing) doc.lineTo(px(p.x), py(p.y));
        else doc.moveTo(px(p.x), py(p.y));
        drawing = true;
      }
      if (drawing) doc.stroke();
      doc.undash();
      for (const p of points) {
        if (p.y !== null) doc.circle(px(p.x), py(p.y), 2.2).fill();
      }
      // Legend at the right, with the last value so the chart reads without a ruler.
      const last = [...points].reverse().find((p) => p.y !== null);
      const ly = plotTop + i * 26;
      doc
        .moveTo(plotRight + 10, ly + 4)
        .lineTo(plotRight + 28, ly + 4)
        .lineWidth(1.6)
        .strokeColor(style.color);
      if (style.dash) doc.dash(style.dash[0], { space: style.dash[1] });
      doc.stroke().undash();
      doc
        .font(FONT)
        .fontSize(7.5)
        .fillColor(INK)
        .text(
          toPdfText(
            `${series.label}${last && last.y !== null ? `: ${formatY(last.y)} (${formatX(last.x)})` : ''}`,
          ),
          plotRight + 32,
          ly,
          { width: this.left + this.width - plotRight - 32 },
        );
    });

    doc.y = top + height;
    if (chart.caption) {
      doc
        .font(FONT)
        .fontSize(8.5)
        .fillColor(MUTED)
        .text(toPdfText(chart.caption), this.left, doc.y, { width: this.width });
    }
    doc.font(FONT).fontSize(10).fillColor(INK);
    return this.space(10);
  }

  /** Adds the footer and page numbers to every page and returns the file. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      // Writing inside the bottom margin would otherwise start a new page.
      const bottomMargin = page.margins.bottom;
      page.margins.bottom = 0;
      const y = page.height - 40;
      this.doc
        .moveTo(page.margins.left, y - 6)
        .lineTo(page.width - page.margins.right, y - 6)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      const width = page.width - page.margins.left - page.margins.right;
      this.doc
        .font(FONT)
        .fontSize(8)
        .fillColor(MUTED)
        .text(this.footer, page.margins.left, y, { width: width - 80, lineBreak: false });
      this.doc.text(`Page ${i + 1} of ${range.count}`, page.margins.left + width - 80, y, {
        width: 80,
        align: 'right',
        lineBreak: false,
      });
      page.margins.bottom = bottomMargin;
    }
    this.doc.end();
    return this.done;
  }
}

/** Numbers for people: thousands separators on counts, one decimal on rates. */
function formatNumberCell(value: number, column: ExportColumn): string {
  if (!Number.isFinite(value)) return '';
  switch (column.kind) {
    case 'percent':
      return `${value.toFixed(1)}%`;
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'year':
      return String(value);
    case 'decimal':
      return value.toLocaleString('en-US', {
        minimumFractionDigits: column.digits ?? 1,
        maximumFractionDigits: column.digits ?? 1,
      });
    default:
      return String(value);
  }
}
