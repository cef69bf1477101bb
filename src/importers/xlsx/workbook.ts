// The parts of an XLSX workbook a sheet's cells need (ECMA-376 Part 1, SpreadsheetML): the
// sheet list (xl/workbook.xml) and where each sheet lives (xl/_rels/workbook.xml.rels), the
// shared strings (§18.4) and the number formats of the cell styles (§18.8.30–31), which say
// whether a number is a date or a percentage. Every part is read with the same safe XML reader
// as Ed-Fi files: no DTDs, no entities, bounded elements.
import { AppError } from '../../domain/shared/errors.ts';
import { streamXmlElements, type XmlNode } from '../edfi/safe-xml.ts';
import type { CheckedZip } from './zip-guard.ts';

export type CellFormat = 'date' | 'percent' | 'number';

export interface Workbook {
  sheets: Array<{ name: string; part: string }>;
  sharedStrings: string[];
  /** The format of each cell style index (a cell's `s` attribute). */
  formats: CellFormat[];
  /** The 1904 date system (workbookPr date1904), used by old Mac workbooks. */
  is1904: boolean;
}

async function readPart(
  zip: CheckedZip,
  fileName: string,
  part: string,
  select: (name: string, ancestors: readonly string[]) => boolean,
  each: (node: XmlNode) => void,
): Promise<void> {
  const { stream } = await zip.open(part);
  for await (const node of streamXmlElements(stream, { fileName: `${fileName}:${part}`, select })) {
    each(node);
  }
}

/** The workbook's worksheets in their tab order, where each lives, and its date system; what
 * choosing a sheet needs, without the shared strings and styles reading one needs. */
export async function readSheetList(
  zip: CheckedZip,
  fileName: string,
): Promise<{ sheets: Workbook['sheets']; is1904: boolean; targets: Map<string, Target> }> {
  const listed: Array<{ name: string; rid: string }> = [];
  let is1904 = false;
  await readPart(
    zip,
    fileName,
    'xl/workbook.xml',
    (n) => n === 'sheet' || n === 'workbookPr',
    (node) => {
      if (node.name === 'workbookPr') is1904 = ['1', 'true'].includes(node.attrs.date1904 ?? '');
      else listed.push({ name: node.attrs.name ?? '', rid: node.attrs['r:id'] ?? '' });
    },
  );
  const targets = new Map<string, Target>();
  await readPart(
    zip,
    fileName,
    'xl/_rels/workbook.xml.rels',
    (n) => n === 'Relationship',
    (node) =>
      targets.set(node.attrs.Id ?? '', {
        type: node.attrs.Type ?? '',
        target: partPath(node.attrs.Target ?? ''),
      }),
  );
  const sheets = listed.flatMap((s) => {
    const rel = targets.get(s.rid);
    return rel ? [{ name: s.name, part: rel.target }] : [];
  });
  if (sheets.length === 0) {
    throw new AppError('bad_request', `${fileName}: the workbook has no worksheets.`);
  }
  return { sheets, is1904, targets };
}

interface Target {
  type: string;
  target: string;
}

export async function readWorkbook(zip: CheckedZip, fileName: string): Promise<Workbook> {
  const { sheets, is1904, targets } = await readSheetList(zip, fileName);
  const partOf = (type: string) =>
    [...targets.values()].find((t) => t.type.endsWith(`/${type}`))?.target;

  const sharedStrings: string[] = [];
  const stringsPart = partOf('sharedStrings');
  if (stringsPart && zip.entries.has(stringsPart)) {
    // A string item is its text runs together; phonetic runs (rPh) are reading aids, not text.
    await readPart(
      zip,
      fileName,
      stringsPart,
      (n) => n === 'si',
      (si) => sharedStrings.push(textOf(si)),
    );
  }

  const custom = new Map<number, string>();
  const styleFormats: number[] = [];
  const stylesPart = partOf('styles');
  if (stylesPart && zip.entries.has(stylesPart)) {
    await readPart(
      zip,
      fileName,
      stylesPart,
      (n, up) => n === 'numFmt' || (n === 'xf' && up.at(-1) === 'cellXfs'),
      (node) => {
        if (node.name === 'numFmt') {
          custom.set(Number(node.attrs.numFmtId), node.attrs.formatCode ?? '');
        } else styleFormats.push(Number(node.attrs.numFmtId ?? 0));
      },
    );
  }
  const formats = styleFormats.map((id) => formatOf(id, custom.get(id)));
  return { sheets, sharedStrings, formats, is1904 };
}

/** The text of a string item or an inline string: its `t` elements, outside phonetic runs. */
export function textOf(node: XmlNode): string {
  if (node.name === 't') return node.text;
  return node.children
    .filter((c) => c.name !== 'rPh')
    .map(textOf)
    .join('');
}

/** A relationship target as a zip entry name ('worksheets/sheet1.xml' → 'xl/worksheets/…'). */
function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}

// Built-in number formats (ECMA-376 Part 1 §18.8.30): 9–10 are percentages; 14–22 and 45–47
// dates and times; 27–36 and 50–58 are the East Asian date formats.
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

export function formatOf(id: number, code: string | undefined): CellFormat {
  if (code === undefined) {
    if (id === 9 || id === 10) return 'percent';
    return BUILT_IN_DATES.has(id) ? 'date' : 'number';
  }
  // Quoted literals, escaped characters and [colour]/[condition] sections are not format codes.
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  if (/[dmyhs]/i.test(bare.replace(/General/gi, ''))) return 'date';
  return bare.includes('%') ? 'percent' : 'number';
}
