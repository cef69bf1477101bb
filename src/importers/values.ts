// Parsing of one source cell into a measure value. Pure: no I/O.
//
// The three states are kept apart everywhere (DOMAIN.md §6: "Suppressed is not missing and not
// zero"): a blank cell is missing; a publisher's suppression marker is suppressed, and the marker
// itself is kept so that a reader can see what the publisher said ("<10", ">95%"); anything else
// must parse, and a cell that does not is a problem for the import to report, never a silent
// missing value.
import type { MeasureStatus } from '../db/schema.ts';

export interface ParsedCell {
  status: MeasureStatus;
  /** The number, for a reported numeric cell; null otherwise. */
  value: number | null;
  /** The text, for a reported text cell; null otherwise. */
  valueText: string | null;
  /** The publisher's suppression marker as written in the file, for a suppressed cell. */
  marker: string | null;
}

export type CellResult = { ok: true; cell: ParsedCell } | { ok: false; reason: string };

export interface CellOptions {
  /** More markers this source uses for "suppressed", beyond SUPPRESSION_MARKERS. */
  extraMarkers?: readonly string[];
  /** The source codes suppression as negative numbers (e.g. -1, -9); never true for measures
   * that can be negative, such as a growth index. */
  negativeIsSuppressed?: boolean;
}

// The markers the shared public files use (../shared/data/README.md "Suppression markers",
// DOMAIN.md §6), compared case-insensitively. Bounded markers such as "<10", "<5%", ">95%" and
// "<1%" are recognised by BOUND below whatever their number.
export const SUPPRESSION_MARKERS: readonly string[] = [
  '*',
  's',
  'NDA',
  'TFS',
  'N/A',
  'NA',
  '-',
  '--',
  'Insufficient Data',
];

const BOUND = /^[<>]=?\s*\d+(\.\d+)?\s*%?$/;
// Digits with optional thousands separators ('1,234'), decimals and exponent ('2018.0', '1e-3').
const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$/;

const missing: ParsedCell = { status: 'missing', value: null, valueText: null, marker: null };

function isBlank(raw: string): boolean {
  return raw.trim() === '';
}

// The markers in lower case, once (this runs for every cell of every import).
const STANDARD_MARKERS = new Set(SUPPRESSION_MARKERS.map((m) => m.toLowerCase()));
const extraMarkerSets = new WeakMap<readonly string[], Set<string>>();

function isKnownMarker(lower: string, extra: readonly string[] | undefined): boolean {
  if (STANDARD_MARKERS.has(lower)) return true;
  if (!extra || extra.length === 0) return false;
  let set = extraMarkerSets.get(extra);
  if (!set) {
    set = new Set(extra.map((m) => m.toLowerCase()));
    extraMarkerSets.set(extra, set);
  }
  return set.has(lower);
}

function suppressionMarker(text: string, options: CellOptions): string | null {
  if (isKnownMarker(text.toLowerCase(), options.extraMarkers)) return text;
  if (BOUND.test(text)) return text;
  return null;
}

const suppressed = (marker: string): CellResult => ({
  ok: true,
  cell: { status: 'suppressed', value: null, valueText: null, marker },
});

export interface ParsedNumber {
  value: number;
  /** The cell carried its own '%' sign, so the value is already on a 0–100 scale. */
  isPercent: boolean;
}

/** Parses a plain number: '1,234' → 1234, '45%' → 45, '$1,200.50' → 1200.5, ' 916 ' → 916. */
export function parseNumber(raw: string): ParsedNumber | null {
  let text = raw.trim();
  const isPercent = text.endsWith('%');
  if (isPercent) text = text.slice(0, -1).trim();
  if (text.startsWith('$')) text = text.slice(1);
  if (text === '' || !NUMBER.test(text) || !/\d/.test(text)) return null;
  const value = Number(text.replaceAll(',', ''));
  return Number.isFinite(value) ? { value, isPercent } : null;
}

/**
 * A numeric cell. `scale` multiplies bare numbers (100 turns a fraction into a percent); a cell
 * with its own '%' sign is already a percent and is not scaled.
 */
export function parseNumberCell(
  raw: string,
  options: CellOptions & { scale?: number } = {},
): CellResult {
  const text = raw.trim();
  if (text === '') return MISSING;
  let value: number;
  let isPercent = false;
  // Most cells are plain decimals ('916', '-3.25'): none of the standard markers looks like
  // one, and a source's extra markers (NC writes '95' for '>95%') are looked up first. This
  // path skips the general checks below, which run for every cell of every import.
  if (PLAIN_NUMBER.test(text) && !isKnownMarker(text, options.extraMarkers)) {
    value = Number(text);
  } else {
    const marker = suppressionMarker(text, options);
    if (marker !== null) return suppressed(marker);
    const parsed = parseNumber(text);
    if (parsed === null) return { ok: false, reason: 'is not a number' };
    ({ value, isPercent } = parsed);
  }
  if (options.negativeIsSuppressed && value < 0) return suppressed(text);
  // Unscaled and at most 12 characters, the number is already what scaleNumber would make it
  // (it has at most 12 significant digits), without the cost of formatting it.
  const isAsWritten = isPercent || ((options.scale ?? 1) === 1 && text.length <= 12);
  if (!isAsWritten) value = scaleNumber(value, options.scale);
  return { ok: true, cell: { status: 'reported', value, valueText: null, marker: null } };
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const MISSING: CellResult = { ok: true, cell: missing };

/**
 * Multiplies and trims binary floating-point noise: published fractions such as
 * 0.013999999999999999 (NC rcd_experience) should land as 1.4, not 1.3999999999999999.
 */
export function scaleNumber(value: number, scale = 1): number {
  return Number((value * scale).toPrecision(12));
}

/**
 * A text cell (a grade, a status, a Y/N flag). With `allowed`, every other reported text is a
 * problem, so that a misspelt code never lands as data.
 */
export function parseTextCell(
  raw: string,
  options: CellOptions & {
    allowed?: readonly string[];
    map?: Readonly<Record<string, string>>;
  } = {},
): CellResult {
  if (isBlank(raw)) return { ok: true, cell: missing };
  const text = raw.trim();
  if (options.map && Object.hasOwn(options.map, text)) {
    return { ok: true, cell: reportedText(options.map[text] ?? text) };
  }
  const marker = suppressionMarker(text, options);
  if (marker !== null) return suppressed(marker);
  if (options.allowed && !options.allowed.includes(text)) {
    return { ok: false, reason: `is not one of ${options.allowed.join(', ')}` };
  }
  if (options.map && !options.allowed) {
    return { ok: false, reason: `is not one of ${Object.keys(options.map).join(', ')}` };
  }
  return { ok: true, cell: reportedText(text) };
}

function reportedText(text: string): ParsedCell {
  return { status: 'reported', value: null, valueText: text, marker: null };
}

/** A count (an n): a whole number ≥ 0, possibly written '209.0' or '1,234'. Null when blank
 * or suppressed: an unknown n is not an error, but a malformed one is. */
export function parseCount(
  raw: string,
): { ok: true; n: number | null } | { ok: false; reason: string } {
  const cell = parseNumberCell(raw);
  if (!cell.ok) return cell;
  if (cell.cell.status !== 'reported' || cell.cell.value === null) return { ok: true, n: null };
  const n = cell.cell.value;
  if (!Number.isInteger(n) || n < 0)
    return { ok: false, reason: 'is not a count (a whole number, 0 or more)' };
  return { ok: true, n };
}

/** A masking code as the source writes it ('1', '1.0', ' 2 ') in canonical form ('1', '2'). */
export function normaliseCode(raw: string): string {
  const text = raw.trim();
  return /^\d+\.0+$/.test(text) ? text.replace(/\.0+$/, '') : text;
}

/**
 * A school year: the spring year of the school year (2019 for 2018-19), as NC DPI writes it
 * ("YYYY (i.e. 2006 for the 2005/06 school year)", NC data dictionary). Accepts '2019',
 * '2019.0', '2018-19', '2018-2019' and '2018/19'.
 */
export function parseSchoolYear(raw: string): number | null {
  const text = raw.trim();
  const single = /^(\d{4})(\.0+)?$/.exec(text);
  if (single) return checkYear(Number(single[1]));
  const span = /^(\d{4})\s*[-/–]\s*(\d{2}|\d{4})$/.exec(text);
  if (!span) return null;
  const start = Number(span[1]);
  const end =
    span[2]!.length === 2 ? Math.floor(start / 100) * 100 + Number(span[2]) : Number(span[2]);
  const spring = end < start ? end + 100 : end;
  return spring === start + 1 ? checkYear(spring) : null;
}

function checkYear(year: number): number | null {
  return year >= 1990 && year <= 2100 ? year : null;
}

/** The declared text transforms of school fields; null when the value does not fit. */
export function transformText(
  value: string,
  transform: 'zip' | 'gradeSpan' | undefined,
): string | null {
  if (transform === 'zip') {
    // '27616.0' (a zip read as a float, NC rcd_location) → '27616'; '2134' → '02134'.
    const text = value.replace(/\.0+$/, '');
    const zip = /^\d{1,5}$/.test(text) ? text.padStart(5, '0') : text;
    return /^\d{5}(-\d{4})?$/.test(zip) ? zip : null;
  }
  if (transform === 'gradeSpan') {
    // NC writes 'PK:05' (2018–19) and 'PK-5' (2014–17); one form makes years comparable.
    return value
      .split(/\s*[:-]\s*/)
      .map((part) => (/^\d+$/.test(part) ? String(Number(part)) : part.toUpperCase()))
      .join('-');
  }
  return value;
}

/** Sums parsed cells: suppressed if any part is, missing if any part is, else the sum. */
export function combine(
  parts: Array<ParsedCell | null>,
  finish: (sum: number) => number,
): ParsedCell | null {
  if (parts.some((p) => p === null)) return null;
  const cells = parts.filter((p): p is ParsedCell => p !== null);
  const hidden = cells.find((p) => p.status === 'suppressed');
  if (hidden) return hidden;
  if (cells.some((p) => p.status === 'missing')) return cells.find((p) => p.status === 'missing')!;
  const sum = cells.reduce((a, p) => a + (p.value ?? 0), 0);
  return { status: 'reported', value: finish(sum), valueText: null, marker: null };
}

export function divide(num: ParsedCell, den: ParsedCell, scale = 1): ParsedCell {
  if (num.status !== 'reported') return num;
  if (den.status !== 'reported') return den;
  // A share of nothing is undefined, not zero.
  if (!den.value) return { status: 'missing', value: null, valueText: null, marker: null };
  const value = scaleNumber((num.value ?? 0) / den.value, scale);
  return { status: 'reported', value, valueText: null, marker: null };
}
